#pragma once
// The self-inspection report (自查报告) as data: everything the DOCX and HTML writers show, in
// the current language, in the order of the sections that units file. Built once from the store
// (an audit run plus the latest personal-data runs) and the unit profile; the writers only lay
// it out, so both formats always say the same thing.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/asset.h"
#include "core/finding.h"
#include "core/profile.h"
#include "core/severity.h"
#include "report/personal_data.h"
#include "store/data_asset.h"

namespace paicha {
class RuleCatalogue;
}

namespace paicha::report {

// Who fixes a problem and by when. The finding lifecycle (tracked_findings) supplies these
// through apply_tracking(); until then the defaults below apply.
struct TrackingInfo {
  std::string owner;     // empty: keep the default
  std::string deadline;  // "YYYY-MM-DD"; empty: keep the default
  std::string status;    // new, open, fixed, reopened, accepted; empty: keep
};

// Default remediation deadline after the date a problem was found, by severity: critical and
// high 7 days (the notices give days, not weeks, for leaks in progress), medium 30 days, low 90
// days, info 180 days (next regular inspection).
int default_deadline_days(Severity severity);
// `found_date` is "YYYY-MM-DD" (longer ISO text is cut); returns "" when it cannot be read.
std::string add_days(std::string_view found_date, int days);

// One rule as the report shows it: text in the report's language from the catalogue when the
// rule is known there, else the text stored with the finding.
struct ReportRule {
  std::string id;
  std::string category;
  Severity severity = Severity::info;  // the rule's default; a finding may differ (CVEs)
  std::string title;
  std::string remediation;
  std::vector<std::string> references;
};

struct ReportProblem {
  std::string number;  // "P0001": order of the problem list, used again in the remediation plan
  std::string fingerprint;
  size_t rule_index = 0;  // into ReportModel::rules
  Severity severity = Severity::info;
  std::string host;
  uint16_t port = 0;
  std::string service;
  std::string evidence;  // masked by the checks; never unmasked here
  std::string owner;
  std::string deadline;
  std::string status = "open";
};

struct CategoryCount {
  std::string category;  // id
  std::string label;     // 弱口令 ...
  size_t count = 0;
};

struct ReportModel {
  // Cover and 基本情况
  std::string title;
  std::string unit_name;  // or a placeholder asking to run `paicha init`
  std::string unit_address;
  std::string security_department;  // "信息中心（张三，010-…）"
  std::string protection_department;
  bool profile_loaded = false;
  std::string report_date;  // YYYY-MM-DD
  std::vector<std::string> scope;
  std::vector<std::string> systems;  // information systems of the profile
  int64_t run_id = 0;
  std::string started_at, finished_at;
  size_t host_count = 0;
  std::vector<Asset> assets;  // the appendix

  // 排查方法
  std::string tool_version;
  std::string data_version;  // vulnerability data
  size_t rule_count = 0;
  std::vector<std::string> checked_categories;  // labels
  std::string audit_options;                    // attempts per account, pace, guessing off

  // 发现的问题
  std::vector<CategoryCount>
      by_category;                      // the notice's five, then vulnerable versions, PII, others
  std::array<size_t, 5> by_severity{};  // indexed by Severity
  std::vector<ReportRule> rules;
  std::vector<ReportProblem> problems;  // grouped by category (order of by_category), then severity
  std::vector<PersonalDataPlace> personal_data;
  std::map<std::string, uint64_t> personal_data_totals;  // type -> values
  size_t data_places_scanned = 0;

  // 下一步工作
  std::vector<std::string> next_steps;

  const ReportRule& rule_of(const ReportProblem& p) const { return rules[p.rule_index]; }
};

struct ReportInputs {
  int64_t run_id = 0;
  std::string started_at, finished_at;
  std::string params_json;  // the audit run's params (targets, options)
  std::vector<Asset> assets;
  std::vector<Finding> findings;  // consumed
  std::vector<store::DataAsset> data_assets;
  std::optional<UnitProfile> profile;
  std::string data_version;
  std::string today;  // YYYY-MM-DD
};

// Builds the model in the current language. Moves the findings out of `inputs`.
ReportModel build_report_model(ReportInputs& inputs, const RuleCatalogue& catalogue);

// Puts owner, deadline and status from the finding lifecycle into the model, by fingerprint.
void apply_tracking(ReportModel& model, const std::map<std::string, TrackingInfo>& by_fingerprint);

// Problem status in the current language.
std::string status_label(std::string_view status);

}  // namespace paicha::report
