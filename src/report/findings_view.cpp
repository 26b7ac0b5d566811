#include "report/findings_view.h"

#include <fmt/format.h>

#include "core/i18n.h"
#include "core/rules.h"
#include "core/severity.h"
#include "report/ledger.h"
#include "report/run_document.h"
#include "report/text_table.h"

namespace paicha::report {

nlohmann::json tracked_json(const store::TrackedFinding& f, const std::string& today) {
  nlohmann::json j = {
      {"id", f.id},
      {"rule", f.rule},
      {"category", f.category},
      {"severity", to_string(f.severity)},
      {"host", f.host},
      {"port", f.port},
      {"service", f.service},
      {"title", f.title},
      {"evidence", f.evidence},
      {"remediation", f.remediation},
      {"status", f.status},
      {"status_label", status_label(f, today)},
      {"unverified", f.unverified},
      {"overdue", f.is_overdue(today)},
      {"first_seen", {{"run", f.first_seen_run}, {"at", f.first_seen_at}}},
      {"last_seen", {{"run", f.last_seen_run}, {"at", f.last_seen_at}}},
      {"last_checked", {{"run", f.last_checked_run}, {"at", f.last_checked_at}}},
      {"fixed_at", f.fixed_at.empty() ? nlohmann::json() : nlohmann::json(f.fixed_at)},
      {"owner", f.owner},
      {"department", f.department},
      {"due", f.due},
      {"measure", f.measure},
      {"notes", f.notes}};
  if (f.status == "accepted" || !f.accept_until.empty())
    j["accepted"] = {{"reason", f.accept_reason}, {"until", f.accept_until}};
  return j;
}

namespace {

std::vector<std::string> list_row(const store::TrackedFinding& f, const std::string& today) {
  std::string status = status_label(f, today);
  if (f.unverified && f.status != "fixed") status += tr("（未复核）", " (unverified)");
  return {f.id,
          std::string(severity_label(f.severity)),
          status,
          fmt::format("{}:{}", f.host, f.port),
          f.service,
          f.title,
          f.department.empty() ? f.owner : f.department + "/" + f.owner,
          f.due};
}

std::vector<std::string> list_headers() {
  return {"ID",
          std::string(tr("等级", "severity")),
          std::string(tr("状态", "status")),
          std::string(tr("资产", "asset")),
          std::string(tr("服务", "service")),
          std::string(tr("问题", "problem")),
          std::string(tr("责任人", "owner")),
          std::string(tr("期限", "due"))};
}

}  // namespace

std::string render_tracked(const std::vector<store::TrackedFinding>& findings,
                           const std::string& format, const std::string& today) {
  if (format == "json") {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& f : findings) list.push_back(tracked_json(f, today));
    return nlohmann::json{{"tool", "paicha"}, {"findings", list}}.dump(2) + "\n";
  }
  if (format == "csv") {
    std::string out;
    auto line = [&out](const std::vector<std::string>& cells) {
      for (size_t i = 0; i < cells.size(); ++i) out += (i ? "," : "") + csv_field(cells[i]);
      out += "\r\n";
    };
    line(list_headers());
    for (const auto& f : findings) line(list_row(f, today));
    return out;
  }
  if (findings.empty()) return std::string(tr("没有符合条件的问题\n", "no matching findings\n"));
  TextTable table(list_headers());
  for (const auto& f : findings) table.add_row(list_row(f, today));
  std::string text = table.render();
  if (!text.empty() && text.back() != '\n') text += '\n';
  return text;
}

std::string render_tracked_detail(const store::TrackedFinding& f,
                                  const std::vector<store::FindingEvent>& history,
                                  const std::string& format, const std::string& today) {
  if (format == "json") {
    nlohmann::json j = tracked_json(f, today);
    nlohmann::json events = nlohmann::json::array();
    for (const auto& e : history)
      events.push_back({{"at", e.at},
                        {"actor", e.actor},
                        {"action", e.action},
                        {"from", e.old_status},
                        {"to", e.new_status},
                        {"run", e.run_id ? nlohmann::json(*e.run_id) : nlohmann::json()},
                        {"detail", e.detail}});
    j["history"] = events;
    return j.dump(2) + "\n";
  }
  std::string out = fmt::format("{} {}\n", f.id, f.title);
  auto field = [&out](std::string_view label, const std::string& value) {
    if (!value.empty()) out += fmt::format("  {}: {}\n", label, value);
  };
  field(tr("规则", "rule"), f.rule);
  field(tr("类别", "category"), std::string(category_label(f.category)));
  field(tr("等级", "severity"), std::string(severity_label(f.severity)));
  field(tr("资产", "asset"), fmt::format("{}:{} ({})", f.host, f.port, f.service));
  field(tr("状态", "status"),
        status_label(f, today) + (f.unverified && f.status != "fixed"
                                      ? std::string(tr("（最近一次检查未能复核）",
                                                       " (not re-checked by the latest run)"))
                                      : ""));
  field(tr("证据", "evidence"), f.evidence);
  field(tr("首次发现", "first seen"), fmt::format("{} (#{})", f.first_seen_at, f.first_seen_run));
  field(tr("最近发现", "last seen"), fmt::format("{} (#{})", f.last_seen_at, f.last_seen_run));
  field(tr("验证时间", "verified fixed"), f.fixed_at);
  field(tr("责任部门", "department"), f.department);
  field(tr("责任人", "owner"), f.owner);
  field(tr("整改期限", "due"), f.due);
  field(tr("整改措施", "measure"), f.measure.empty() ? f.remediation : f.measure);
  if (f.status == "accepted")
    field(tr("接受风险", "accepted"),
          fmt::format("{} ({} {})", f.accept_reason, tr("至", "until"), f.accept_until));
  field(tr("备注", "notes"), f.notes);
  out += fmt::format("{}:\n", tr("历史", "history"));
  TextTable table({std::string(tr("时间", "time")), std::string(tr("操作人", "actor")),
                   std::string(tr("操作", "action")), std::string(tr("状态", "status")),
                   std::string(tr("运行", "run")), std::string(tr("说明", "detail"))});
  for (const auto& e : history)
    table.add_row({e.at, e.actor, e.action,
                   e.old_status == e.new_status
                       ? e.new_status
                       : fmt::format("{} → {}", e.old_status, e.new_status),
                   e.run_id ? "#" + std::to_string(*e.run_id) : "", e.detail});
  out += table.render(60);
  if (out.back() != '\n') out += '\n';
  return out;
}

}  // namespace paicha::report
