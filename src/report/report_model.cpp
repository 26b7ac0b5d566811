#include "report/report_model.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "core/i18n.h"
#include "core/rules.h"

namespace paicha::report {

int default_deadline_days(Severity severity) {
  switch (severity) {
    case Severity::critical:
    case Severity::high:
      return 7;
    case Severity::medium:
      return 30;
    case Severity::low:
      return 90;
    case Severity::info:
      return 180;
  }
  return 30;
}

std::string add_days(std::string_view found_date, int days) {
  if (found_date.size() < 10) return "";
  int y = 0;
  unsigned m = 0, d = 0;
  auto parse = [&](size_t at, size_t len, auto& value) {
    auto [end, ec] = std::from_chars(found_date.data() + at, found_date.data() + at + len, value);
    return ec == std::errc() && end == found_date.data() + at + len;
  };
  if (!parse(0, 4, y) || found_date[4] != '-' || !parse(5, 2, m) || found_date[7] != '-' ||
      !parse(8, 2, d))
    return "";
  const std::chrono::year_month_day date{std::chrono::year{y}, std::chrono::month{m},
                                         std::chrono::day{d}};
  if (!date.ok()) return "";
  const std::chrono::year_month_day due{std::chrono::sys_days{date} + std::chrono::days{days}};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(due.year()),
                     static_cast<unsigned>(due.month()), static_cast<unsigned>(due.day()));
}

std::string status_label(std::string_view status) {
  if (status == "new") return std::string(tr("新发现", "new"));
  if (status == "open") return std::string(tr("待整改", "open"));
  if (status == "fixed") return std::string(tr("已整改", "fixed"));
  if (status == "reopened") return std::string(tr("复现", "reopened"));
  if (status == "accepted") return std::string(tr("已接受风险", "risk accepted"));
  return std::string(status);
}

namespace {

std::string department_text(const Department& department) {
  if (department.name.empty()) return "";
  std::vector<std::string> contact;
  for (const auto* part : {&department.contact.name, &department.contact.title,
                           &department.contact.office_phone, &department.contact.mobile})
    if (!part->empty()) contact.push_back(*part);
  if (contact.empty()) return department.name;
  return fmt::format("{}{}{}{}", department.name, tr("（", " ("),
                     fmt::join(contact, tr("，", ", ")), tr("）", ")"));
}

// Who owns a problem until the lifecycle says otherwise: the unit's 网络安全责任部门 and its
// contact person.
std::string default_owner(const std::optional<UnitProfile>& profile) {
  if (profile && !profile->security_department.name.empty()) {
    const auto& dep = profile->security_department;
    return dep.contact.name.empty() ? dep.name : dep.name + " " + dep.contact.name;
  }
  return std::string(tr("（待指定）", "(to be assigned)"));
}

// Category order of the report: the notice's five, vulnerable versions, personal data, then any
// other category in name order.
std::vector<CategoryCount> category_table(const std::vector<Finding>& findings) {
  std::vector<CategoryCount> table;
  for (const auto& id : rule_categories())
    table.push_back({id, std::string(category_label(id)), 0});
  std::set<std::string> others;
  for (const auto& f : findings)
    if (!is_known_category(f.category)) others.insert(f.category);
  for (const auto& id : others) table.push_back({id, std::string(category_label(id)), 0});
  return table;
}

std::string options_text(const nlohmann::json& params) {
  // Audit options sit under "extra" (app/scan_run.cpp).
  const nlohmann::json& o =
      params.contains("extra") && params["extra"].is_object() ? params["extra"] : params;
  std::vector<std::string> parts;
  if (o.value("no_guess", false)) {
    parts.push_back(std::string(tr("未猜测口令", "no password guessing")));
  } else if (o.contains("max_attempts") && o["max_attempts"].is_number()) {
    parts.push_back(fmt::format("{} {}",
                                tr("每个账号最多尝试口令数", "passwords tried per account"),
                                o["max_attempts"].get<int>()));
  }
  if (o.contains("pace_ms") && o["pace_ms"].is_number())
    parts.push_back(fmt::format("{} {} ms",
                                tr("同一主机登录尝试间隔", "gap between login attempts"),
                                o["pace_ms"].get<int>()));
  return fmt::format("{}", fmt::join(parts, tr("；", "; ")));
}

std::vector<std::string> targets_of(const nlohmann::json& params) {
  std::vector<std::string> targets;
  for (const char* key : {"targets", "target"}) {
    if (!params.contains(key)) continue;
    const auto& t = params[key];
    if (t.is_array()) {
      for (const auto& v : t)
        if (v.is_string()) targets.push_back(v.get<std::string>());
    } else if (t.is_string()) {
      targets.push_back(t.get<std::string>());
    }
  }
  if (params.contains("ports") && params["ports"].is_string() && !targets.empty())
    targets.back() +=
        fmt::format(" ({} {})", tr("端口", "ports"), params["ports"].get<std::string>());
  return targets;
}

std::vector<std::string> next_steps() {
  return {
      std::string(tr("按整改计划逐项整改，整改完成后运行 paicha verify 复查，确认问题已消除。",
                     "Fix each problem by its deadline, then run paicha verify to confirm that "
                     "it is gone.")),
      std::string(
          tr("对暂时无法整改的问题落实临时防护措施（限制访问来源、加强监测），并记录风险接受"
             "的审批。",
             "Where a fix must wait, put interim protection in place (restrict who can "
             "connect, watch closely) and record the approval of the accepted risk.")),
      std::string(tr("定期（至少每季度）重新开展自查，确认已整改的问题没有复现。",
                     "Inspect again regularly (at least quarterly) to confirm that fixed problems "
                     "stay fixed.")),
      std::string(tr("按《网络安全法》第二十一条要求留存网络日志不少于六个月，并定期审查。",
                     "Keep network logs for at least six months as the Cybersecurity Law art. 21 "
                     "requires, and review them.")),
      std::string(tr("完善数据安全管理制度和人员培训，重点是口令管理和个人信息保护。",
                     "Improve data-security rules and staff training, above all password "
                     "management and the protection of personal information.")),
  };
}

}  // namespace

ReportModel build_report_model(ReportInputs& in, const RuleCatalogue& catalogue) {
  ReportModel m;
  m.title = std::string(tr("数据安全隐患自查报告", "Data Security Self-Inspection Report"));
  m.report_date = in.today;
  m.run_id = in.run_id;
  m.started_at = in.started_at;
  m.finished_at = in.finished_at;
  m.tool_version = PAICHA_VERSION;
  m.data_version = in.data_version;
  m.rule_count = catalogue.rules().size();
  for (const auto& id : rule_categories()) m.checked_categories.emplace_back(category_label(id));

  const nlohmann::json params = nlohmann::json::parse(in.params_json, nullptr, false);
  if (params.is_object()) {
    m.audit_options = options_text(params);
    m.scope = targets_of(params);
  }

  m.profile_loaded = in.profile.has_value();
  if (in.profile) {
    const UnitProfile& p = *in.profile;
    m.unit_name = p.unit_name;
    m.unit_address = p.unit_address;
    m.security_department = department_text(p.security_department);
    m.protection_department = department_text(p.protection_department);
    for (const auto& s : p.systems) m.systems.push_back(s.name);
    if (!p.scope_targets.empty()) m.scope = p.scope_targets;
    for (const auto& dsn : p.scope_databases) m.scope.push_back(dsn);
  }
  if (m.unit_name.empty())
    m.unit_name = std::string(
        tr("（未填写单位名称，请运行 paicha init）", "(unit name not set; run paicha init)"));
  const std::string not_set(tr("（未填写）", "(not set)"));
  for (auto* field : {&m.unit_address, &m.security_department, &m.protection_department})
    if (field->empty()) *field = not_set;

  std::set<std::string> hosts;
  for (const auto& a : in.assets) hosts.insert(a.host);
  m.host_count = hosts.size();
  m.assets = std::move(in.assets);
  std::sort(m.assets.begin(), m.assets.end(), [](const Asset& a, const Asset& b) {
    return std::tie(a.host, a.port) < std::tie(b.host, b.port);
  });

  // Counts and the problem list.
  m.by_category = category_table(in.findings);
  std::unordered_map<std::string, size_t> category_rank;
  for (size_t i = 0; i < m.by_category.size(); ++i) category_rank[m.by_category[i].category] = i;
  std::unordered_map<std::string, size_t> rule_index;
  const std::string owner = default_owner(in.profile);
  const std::string found_date = in.finished_at.empty() ? in.started_at : in.finished_at;
  std::vector<std::pair<size_t, ReportProblem>> ranked;
  ranked.reserve(in.findings.size());
  for (auto& f : in.findings) {
    ++m.by_category[category_rank[f.category]].count;
    ++m.by_severity[static_cast<size_t>(f.severity)];
    auto [it, added] = rule_index.try_emplace(f.rule, m.rules.size());
    if (added) {
      ReportRule r;
      r.id = f.rule;
      if (const Rule* known = catalogue.find(f.rule)) {
        r.category = known->category;
        r.severity = known->severity;
        r.title = known->title();
        r.remediation = known->remediation();
        r.references = known->references;
      } else {
        r.category = f.category;
        r.severity = f.severity;
        r.title = f.title;
        r.remediation = f.remediation;
        r.references = f.references;
      }
      m.rules.push_back(std::move(r));
    }
    ReportProblem p;
    p.fingerprint = f.fingerprint();
    p.rule_index = it->second;
    p.severity = f.severity;
    p.host = std::move(f.host);
    p.port = f.port;
    p.service = std::move(f.service);
    p.evidence = std::move(f.evidence);
    p.owner = owner;
    p.deadline = add_days(found_date, default_deadline_days(f.severity));
    ranked.emplace_back(category_rank[f.category], std::move(p));
    // Free the stored texts as we go: a report over 100,000 findings stays small.
    f = Finding{};
  }
  in.findings.clear();
  in.findings.shrink_to_fit();
  std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    if (a.second.severity != b.second.severity) return a.second.severity > b.second.severity;
    return std::tie(a.second.host, a.second.port) < std::tie(b.second.host, b.second.port);
  });
  m.problems.reserve(ranked.size());
  const int width =
      ranked.size() < 10000 ? 4 : static_cast<int>(std::to_string(ranked.size()).size());
  for (auto& [rank, p] : ranked) {
    p.number = fmt::format("P{:0{}}", m.problems.size() + 1, width);
    m.problems.push_back(std::move(p));
  }

  // Personal data: every measured place that holds some.
  PersonalData personal = collect_personal_data(in.data_assets);
  m.data_places_scanned = personal.places_scanned;
  m.personal_data = std::move(personal.places);
  m.personal_data_totals = std::move(personal.totals);
  m.next_steps = next_steps();
  return m;
}

void apply_tracking(ReportModel& model, const std::map<std::string, TrackingInfo>& by_fingerprint) {
  if (by_fingerprint.empty()) return;
  for (auto& p : model.problems) {
    auto it = by_fingerprint.find(p.fingerprint);
    if (it == by_fingerprint.end()) continue;
    if (!it->second.owner.empty()) p.owner = it->second.owner;
    if (!it->second.deadline.empty()) p.deadline = it->second.deadline;
    if (!it->second.status.empty()) p.status = it->second.status;
  }
}

}  // namespace paicha::report
