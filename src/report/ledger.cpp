#include "report/ledger.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "core/i18n.h"
#include "core/severity.h"
#include "report/run_document.h"

namespace paicha::report {

std::vector<std::string> ledger_headers() {
  return {std::string(tr("序号", "No.")),
          std::string(tr("问题描述", "Problem")),
          std::string(tr("风险等级", "Risk level")),
          std::string(tr("资产", "Asset")),
          std::string(tr("发现时间", "Found")),
          std::string(tr("责任部门/责任人", "Department / owner")),
          std::string(tr("整改措施", "Remediation")),
          std::string(tr("整改期限", "Deadline")),
          std::string(tr("整改状态", "Status")),
          std::string(tr("验证时间", "Verified")),
          std::string(tr("备注", "Remarks"))};
}

std::string status_label(const store::TrackedFinding& f, const std::string& today) {
  std::string label;
  if (f.status == "fixed") {
    label = tr("已整改", "fixed");
  } else if (f.status == "reopened") {
    label = tr("已复发", "reopened");
  } else if (f.status == "accepted") {
    label = tr("已接受风险", "risk accepted");
  } else if (f.status == "open" && (!f.owner.empty() || !f.department.empty() || !f.due.empty())) {
    label = tr("整改中", "in progress");
  } else {
    label = tr("待整改", "to fix");
  }
  if (f.is_overdue(today)) label += tr("（已逾期）", " (overdue)");
  return label;
}

namespace {

std::string owner_cell(const store::TrackedFinding& f) {
  if (f.department.empty()) return f.owner;
  if (f.owner.empty()) return f.department;
  return f.department + "/" + f.owner;
}

std::string remarks_cell(const store::TrackedFinding& f) {
  std::vector<std::string> parts;
  if (f.status == "accepted")
    parts.push_back(fmt::format("{}{}（{} {}）", tr("接受风险：", "accepted: "), f.accept_reason,
                                tr("至", "until"), f.accept_until));
  if (f.unverified && f.status != "fixed")
    parts.push_back(std::string(tr("最近一次检查未能复核", "not re-checked by the latest run")));
  if (!f.notes.empty()) parts.push_back(f.notes);
  parts.push_back(fmt::format("ID {}", f.id));
  std::string text;
  for (const auto& p : parts) text += (text.empty() ? "" : "\n") + p;
  return text;
}

}  // namespace

std::vector<std::vector<std::string>> ledger_rows(
    const std::vector<store::TrackedFinding>& findings, const std::string& today) {
  std::vector<std::vector<std::string>> rows;
  size_t number = 0;
  for (const auto& f : findings) {
    rows.push_back({std::to_string(++number),
                    f.evidence.empty() ? f.title : fmt::format("{}：{}", f.title, f.evidence),
                    std::string(severity_label(f.severity)),
                    fmt::format("{}:{} ({})", f.host, f.port, f.service), f.first_seen_at,
                    owner_cell(f), f.measure.empty() ? f.remediation : f.measure, f.due,
                    status_label(f, today), f.status == "fixed" ? f.fixed_at : "",
                    remarks_cell(f)});
  }
  return rows;
}

std::string render_ledger_csv(const std::vector<store::TrackedFinding>& findings,
                              const std::string& today) {
  std::string out;
  auto line = [&out](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + csv_field(cells[i]);
    out += "\r\n";
  };
  line(ledger_headers());
  for (const auto& row : ledger_rows(findings, today)) line(row);
  return out;
}

std::string render_ledger_json(const std::vector<store::TrackedFinding>& findings,
                               const std::string& today) {
  nlohmann::json rows = nlohmann::json::array();
  size_t number = 0;
  for (const auto& f : findings)
    rows.push_back({{"no", ++number},
                    {"id", f.id},
                    {"problem", f.title},
                    {"evidence", f.evidence},
                    {"severity", to_string(f.severity)},
                    {"asset", fmt::format("{}:{}", f.host, f.port)},
                    {"service", f.service},
                    {"found_at", f.first_seen_at},
                    {"department", f.department},
                    {"owner", f.owner},
                    {"remediation", f.measure.empty() ? f.remediation : f.measure},
                    {"due", f.due},
                    {"status", f.status},
                    {"status_label", status_label(f, today)},
                    {"overdue", f.is_overdue(today)},
                    {"verified_at", f.status == "fixed" ? f.fixed_at : ""},
                    {"remarks", f.notes}});
  return nlohmann::json{{"tool", "paicha"}, {"ledger", rows}}.dump(2) + "\n";
}

}  // namespace paicha::report
