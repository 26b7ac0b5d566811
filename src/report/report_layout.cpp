#include "report/report_layout.h"

#include <fmt/format.h>

#include "core/i18n.h"
#include "core/rules.h"

namespace paicha::report {

SectionTitles section_titles() {
  return {std::string(tr("一、基本情况", "1. Overview")),
          std::string(tr("二、排查方法", "2. Inspection method")),
          std::string(tr("三、发现的问题", "3. Problems found")),
          std::string(tr("四、整改措施及计划", "4. Remediation measures and plan")),
          std::string(tr("五、下一步工作", "5. Next steps")),
          std::string(tr("附录：资产清单", "Appendix: asset list"))};
}

namespace {

std::string s(std::string_view text) {
  return std::string(text);
}

const char* severity_color(Severity severity) {
  switch (severity) {
    case Severity::critical:
      return "#8e1b1b";
    case Severity::high:
      return "#c0392b";
    case Severity::medium:
      return "#d68910";
    case Severity::low:
      return "#2e86c1";
    case Severity::info:
      return "#7f8c8d";
  }
  return "#7f8c8d";
}

std::string joined(const std::vector<std::string>& items, std::string_view separator) {
  return fmt::format("{}", fmt::join(items, separator));
}

std::string asset_text(const std::string& host, uint16_t port, const std::string& service) {
  const bool v6 = host.find(':') != std::string::npos;
  // The service on its own line: table cells then never break inside the address.
  return fmt::format("{}{}{}:{}\n{}", v6 ? "[" : "", host, v6 ? "]" : "", port, service);
}

// "2026-11-21T07:59:50Z" -> "2026-11-21 07:59:50 UTC": the store keeps ISO 8601, people read this.
std::string readable_time(const std::string& iso) {
  if (iso.size() != 20 || iso[10] != 'T' || iso.back() != 'Z') return iso;
  return iso.substr(0, 10) + " " + iso.substr(11, 8) + " UTC";
}

void overview(const ReportModel& m, ReportBuilder& out) {
  out.heading(1, section_titles().overview);
  out.begin_table({s(tr("项目", "Item")), s(tr("内容", "Details"))}, {25, 75});
  out.row({s(tr("单位名称", "Unit")), m.unit_name});
  out.row({s(tr("单位地址", "Address")), m.unit_address});
  out.row({s(tr("网络安全责任部门", "Cybersecurity department")), m.security_department});
  out.row({s(tr("数据保护责任部门", "Data-protection department")), m.protection_department});
  out.row({s(tr("检查范围", "Scope")), m.scope.empty() ? s(tr("（未记录）", "(not recorded)"))
                                                       : joined(m.scope, tr("、", ", "))});
  out.row({s(tr("检查时间", "Time of inspection")),
           fmt::format("{} — {}", readable_time(m.started_at),
                       m.finished_at.empty() ? "…" : readable_time(m.finished_at))});
  out.row({s(tr("信息系统", "Information systems")),
           m.systems.empty() ? s(tr("（未填写）", "(not set)"))
                             : fmt::format("{} {}{}", m.systems.size(), tr("个：", "systems: "),
                                           joined(m.systems, tr("、", ", ")))});
  out.row({s(tr("检查的服务资产", "Services inspected")),
           fmt::format("{} {}{}{} {}", m.host_count, tr("台主机", "hosts"), tr("，", ", "),
                       m.assets.size(), tr("个服务", "services"))});
  out.row({s(tr("识别个人信息的数据资产", "Data places searched for personal data")),
           fmt::format(
               "{} {} {} {}", m.data_places_scanned,
               tr("个文件或数据表，其中含个人信息的", "files or tables, holding personal data:"),
               m.personal_data.size(), tr("个", ""))});
  out.end_table();
  if (!m.profile_loaded)
    out.paragraph(
        tr("未找到单位信息文件（paicha.yaml），单位信息请运行 paicha init 填写后重新生成报告。",
           "No unit profile (paicha.yaml) was found; run paicha init to fill in the "
           "unit's details, then produce the report again."));
}

void method(const ReportModel& m, ReportBuilder& out) {
  out.heading(1, section_titles().method);
  out.paragraph(fmt::format(
      "{} paicha {} {}{}{}", tr("使用", "paicha"), m.tool_version,
      tr("对检查范围内的数据服务进行发现、识别和检查（运行编号 #",
         "discovered, identified and checked the data services within the scope (run #"),
      m.run_id, tr("）。", ").")));
  out.paragraph(fmt::format("{}{}{}", tr("检查内容：", "What was checked: "),
                            joined(m.checked_categories, tr("、", ", ")), tr("。", ".")));
  out.paragraph(fmt::format("{} {} {}{}{}",
                            tr("检查规则：内置规则库共", "Rules: the built-in catalogue of"),
                            m.rule_count,
                            tr("条规则，每条规则注明所依据的法律法规和标准条款；漏洞版本数据版本 ",
                               "rules, each citing the laws and standard clauses it rests on; "
                               "vulnerability data version "),
                            m.data_version.empty() ? "-" : m.data_version, tr("。", ".")));
  std::string safety(tr("检查只读，不修改被检查系统的配置和数据",
                        "Checks are read-only and change no configuration or data"));
  if (!m.audit_options.empty()) safety += fmt::format("{}{}", tr("；", "; "), m.audit_options);
  out.paragraph(safety + std::string(tr("。", ".")));
  out.paragraph(fmt::format(
      "{} {} {}", tr("个人信息识别：对", "Personal data: sampled"), m.data_places_scanned,
      tr("个文件或数据表抽样识别身份证号、手机号、银行卡号等个人信息（paicha pii scan / pii db），"
         "并用校验规则确认。",
         "files or tables for ID numbers, mobile numbers, bank cards and other personal "
         "information (paicha pii scan / pii db), confirmed by checksums and validators.")));
}

void counts(const ReportModel& m, ReportBuilder& out) {
  out.heading(2, tr("（一）问题统计", "3.1 Counts"));
  if (m.problems.empty()) {
    out.paragraph(tr("未发现问题。", "No problems found."));
  } else {
    std::vector<std::string> parts;
    for (int sv = static_cast<int>(Severity::critical); sv >= 0; --sv)
      if (m.by_severity[sv])
        parts.push_back(
            fmt::format("{} {}", severity_label(static_cast<Severity>(sv)), m.by_severity[sv]));
    out.paragraph(fmt::format("{} {} {}{}{}", tr("共发现", "Found"), m.problems.size(),
                              tr("个问题：", "problems: "), joined(parts, tr("，", ", ")),
                              tr("。", ".")));
  }
  std::vector<Bar> category_bars;
  out.begin_table({s(tr("类别", "Category")), s(tr("问题数", "Problems"))}, {70, 30});
  for (const auto& c : m.by_category) {
    out.row({c.label, std::to_string(c.count)});
    category_bars.push_back({c.label, c.count, "#4a6fa5"});
  }
  out.row({s(tr("合计", "Total")), std::to_string(m.problems.size())});
  out.end_table();
  out.chart(tr("各类别问题数", "Problems per category"), category_bars);

  std::vector<Bar> severity_bars;
  out.begin_table({s(tr("严重程度", "Severity")), s(tr("问题数", "Problems"))}, {70, 30});
  for (int sv = static_cast<int>(Severity::critical); sv >= 0; --sv) {
    const auto severity = static_cast<Severity>(sv);
    out.row({s(severity_label(severity)), std::to_string(m.by_severity[sv])}, &severity);
    severity_bars.push_back(
        {s(severity_label(severity)), m.by_severity[sv], severity_color(severity)});
  }
  out.end_table();
  out.chart(tr("各严重程度问题数", "Problems per severity"), severity_bars);
}

void personal_data(const ReportModel& m, ReportBuilder& out) {
  out.heading(2, tr("（二）个人信息暴露", "3.2 Personal information exposure"));
  if (m.data_places_scanned == 0) {
    out.paragraph(tr("本次未开展个人信息识别（可运行 paicha pii scan 或 paicha pii db）。",
                     "No personal-data search was run (paicha pii scan or paicha pii db)."));
    return;
  }
  if (m.personal_data.empty()) {
    out.paragraph(tr("未发现个人信息。", "No personal information found."));
    return;
  }
  out.begin_table({s(tr("个人信息类型", "Type")), s(tr("数量", "Values"))}, {70, 30});
  for (const auto& [type, n] : m.personal_data_totals)
    out.row({pii_type_label(type), std::to_string(n)});
  out.end_table();
  out.begin_table({s(tr("位置", "Location")), s(tr("敏感程度", "Sensitivity")),
                   s(tr("个人信息（数量）", "Personal data (values)"))},
                  {50, 15, 35});
  for (const auto& place : m.personal_data) {
    std::vector<std::string> types;
    for (const auto& [type, n] : place.counts)
      types.push_back(fmt::format("{} {}", pii_type_label(type), n));
    const std::string sensitivity =
        place.sensitivity == "sensitive"  ? s(tr("敏感个人信息", "sensitive"))
        : place.sensitivity == "ordinary" ? s(tr("一般个人信息", "ordinary"))
                                          : place.sensitivity;
    out.row({place.location, sensitivity, joined(types, tr("、", ", "))});
  }
  out.end_table();
}

std::string rule_reference(const ReportRule& rule) {
  if (rule.references.empty()) return rule.id;
  return fmt::format("{}\n{}", rule.id, joined(rule.references, "\n"));
}

void problem_list(const ReportModel& m, ReportBuilder& out) {
  out.heading(2, tr("（三）问题清单", "3.3 List of problems"));
  if (m.problems.empty()) {
    out.paragraph(tr("未发现问题。", "No problems found."));
    return;
  }
  std::vector<std::string> references;  // per rule, built once rather than per problem
  for (const auto& rule : m.rules) references.push_back(rule_reference(rule));
  size_t i = 0;
  for (const auto& category : m.by_category) {
    if (category.count == 0) continue;
    out.heading(3, fmt::format("{}（{}）", category.label, category.count));
    out.begin_table({s(tr("编号", "No.")), s(tr("级别", "Severity")), s(tr("资产", "Asset")),
                     s(tr("问题", "Problem")), s(tr("证据（已脱敏）", "Evidence (masked)")),
                     s(tr("规则及依据", "Rule and references"))},
                    {10, 7, 21, 20, 21, 21});
    for (size_t end = i + category.count; i < end && i < m.problems.size(); ++i) {
      const ReportProblem& p = m.problems[i];
      const ReportRule& rule = m.rule_of(p);
      out.row({p.number, s(severity_label(p.severity)), asset_text(p.host, p.port, p.service),
               rule.title, p.evidence, references[p.rule_index]},
              &p.severity);
    }
    out.end_table();
  }
}

void remediation(const ReportModel& m, ReportBuilder& out) {
  out.heading(1, section_titles().remediation);
  if (m.problems.empty()) {
    out.paragraph(tr("未发现问题，无需整改。", "No problems found; nothing to fix."));
    return;
  }
  out.paragraph(tr(
      "整改期限默认从发现之日起按严重程度计算：严重、高危 7 天，中危 30 天，低危 90 天，提示 180 "
      "天；责任人默认为网络安全责任部门。整改后运行 paicha verify 复查。",
      "Deadlines default to the date found plus, by severity: critical and high 7 days, medium "
      "30 days, low 90 days, info 180 days; the owner defaults to the cybersecurity department. "
      "After fixing, run paicha verify to confirm."));
  // One block per rule, in the order of the problem list: the measure once, then its problems.
  std::vector<std::vector<size_t>> by_rule(m.rules.size());
  std::vector<size_t> rule_order;
  for (size_t i = 0; i < m.problems.size(); ++i) {
    auto& list = by_rule[m.problems[i].rule_index];
    if (list.empty()) rule_order.push_back(m.problems[i].rule_index);
    list.push_back(i);
  }
  size_t n = 0;
  for (size_t r : rule_order) {
    const ReportRule& rule = m.rules[r];
    out.heading(3, fmt::format("{}. {}（{}）", ++n, rule.title, rule.id));
    out.paragraph(rule.remediation);
    out.begin_table({s(tr("编号", "No.")), s(tr("资产", "Asset")), s(tr("责任人", "Owner")),
                     s(tr("整改期限", "Deadline")), s(tr("状态", "Status"))},
                    {11, 32, 23, 18, 16});
    for (size_t i : by_rule[r]) {
      const ReportProblem& p = m.problems[i];
      out.row({p.number, asset_text(p.host, p.port, p.service), p.owner, p.deadline,
               status_label(p.status)},
              &p.severity);
    }
    out.end_table();
  }
}

void appendix(const ReportModel& m, ReportBuilder& out) {
  out.heading(1, section_titles().appendix);
  if (m.assets.empty()) {
    out.paragraph(tr("无", "None"));
    return;
  }
  out.begin_table({s(tr("主机", "Host")), s(tr("端口", "Port")), s(tr("服务", "Service")),
                   s(tr("产品", "Product")), s(tr("版本", "Version")), "TLS"},
                  {26, 10, 16, 20, 18, 10});
  for (const auto& a : m.assets) {
    const std::string host =
        a.hostname.empty() ? a.host : fmt::format("{} ({})", a.host, a.hostname);
    out.row({host, std::to_string(a.port), a.service, a.product, a.version,
             !a.tls ? "-" : s(*a.tls ? tr("是", "yes") : tr("否", "no"))});
  }
  out.end_table();
}

}  // namespace

void lay_out_report(const ReportModel& m, ReportBuilder& out) {
  out.cover(m.title, m.unit_name, fmt::format("{}{}", tr("报告日期：", "Date: "), m.report_date));
  overview(m, out);
  method(m, out);
  out.heading(1, section_titles().findings);
  counts(m, out);
  personal_data(m, out);
  problem_list(m, out);
  remediation(m, out);
  out.heading(1, section_titles().next_steps);
  for (const auto& step : m.next_steps) out.bullet(step);
  appendix(m, out);
}

}  // namespace paicha::report
