#include <gtest/gtest.h>

#include "core/i18n.h"
#include "core/rules.h"
#include "report/report_layout.h"
#include "report/report_model.h"
#include "test_report_support.h"

namespace paicha::report {

namespace {

struct LangGuard {
  explicit LangGuard(Lang lang) { set_lang(lang); }
  ~LangGuard() { set_lang(Lang::zh); }
};

size_t count_of(const ReportModel& m, std::string_view category) {
  for (const auto& c : m.by_category)
    if (c.category == category) return c.count;
  return SIZE_MAX;
}

}  // namespace

TEST(ReportModel, CountsByTheNoticeCategoriesInOrder) {
  LangGuard zh(Lang::zh);
  ReportModel m = testing::sample_model();
  ASSERT_GE(m.by_category.size(), 7u);
  EXPECT_EQ(m.by_category[0].label, "弱口令");
  EXPECT_EQ(m.by_category[4].label, "访问控制策略不严");
  EXPECT_EQ(m.by_category[5].label, "存在漏洞的版本");
  EXPECT_EQ(m.by_category[6].label, "个人信息暴露");
  EXPECT_EQ(count_of(m, "weak_password"), 2u);
  EXPECT_EQ(count_of(m, "unauthorized_access"), 1u);
  EXPECT_EQ(count_of(m, "missing_audit"), 0u);
  EXPECT_EQ(m.problems.size(), 3u);
  EXPECT_EQ(m.by_severity[static_cast<size_t>(Severity::critical)], 1u);
  EXPECT_EQ(m.host_count, 2u);
}

TEST(ReportModel, ProblemsAreGroupedByCategoryThenSeverity) {
  ReportModel m = testing::sample_model();
  ASSERT_EQ(m.problems.size(), 3u);
  // Weak passwords first (notice order), the unauthenticated Redis after them.
  EXPECT_EQ(m.rule_of(m.problems[0]).category, "weak_password");
  EXPECT_EQ(m.rule_of(m.problems[1]).category, "weak_password");
  EXPECT_EQ(m.rule_of(m.problems[2]).id, "redis.unauthorized_access");
  EXPECT_GE(m.problems[0].severity, m.problems[1].severity);
  EXPECT_EQ(m.problems[0].number, "P0001");
  EXPECT_EQ(m.problems[2].number, "P0003");
}

TEST(ReportModel, MaskedEvidenceAndFingerprintsAreCarriedThrough) {
  ReportInputs in = testing::sample_inputs();
  const std::string fingerprint = in.findings[0].fingerprint();
  ReportModel m = build_report_model(in, RuleCatalogue::builtin());
  bool found = false;
  for (const auto& p : m.problems)
    if (p.fingerprint == fingerprint) {
      found = true;
      EXPECT_EQ(p.evidence, "口令 ro****23");
      EXPECT_EQ(p.host, "10.1.0.7");
    }
  EXPECT_TRUE(found);
}

TEST(ReportModel, DeadlinesFollowSeverityFromTheDateFound) {
  EXPECT_EQ(add_days("2026-11-20T08:05:00Z", 7), "2026-11-27");
  EXPECT_EQ(add_days("2026-12-30", 7), "2027-01-06");
  EXPECT_EQ(add_days("2028-02-27", 2), "2028-02-29");
  EXPECT_EQ(add_days("garbage", 7), "");
  EXPECT_EQ(add_days("2026-13-01", 7), "");
  EXPECT_LT(default_deadline_days(Severity::critical), default_deadline_days(Severity::medium));
  EXPECT_LT(default_deadline_days(Severity::medium), default_deadline_days(Severity::low));
  ReportModel m = testing::sample_model();
  for (const auto& p : m.problems)
    EXPECT_EQ(p.deadline, add_days("2026-11-20", default_deadline_days(p.severity))) << p.number;
}

TEST(ReportModel, OwnerDefaultsToTheSecurityDepartment) {
  ReportInputs in = testing::sample_inputs();
  UnitProfile profile;
  profile.unit_name = "某区教育局";
  profile.security_department.name = "信息中心";
  profile.security_department.contact.name = "张三";
  in.profile = profile;
  ReportModel m = build_report_model(in, RuleCatalogue::builtin());
  EXPECT_EQ(m.unit_name, "某区教育局");
  ASSERT_FALSE(m.problems.empty());
  EXPECT_EQ(m.problems[0].owner, "信息中心 张三");
  EXPECT_TRUE(m.profile_loaded);
}

TEST(ReportModel, WithoutAProfileThePlaceholdersAskForInit) {
  LangGuard zh(Lang::zh);
  ReportModel m = testing::sample_model();
  EXPECT_FALSE(m.profile_loaded);
  EXPECT_NE(m.unit_name.find("paicha init"), std::string::npos);
  EXPECT_EQ(m.scope, std::vector<std::string>{"10.1.0.0/24 (端口 db)"});
}

TEST(ReportModel, ApplyTrackingOverridesByFingerprintOnly) {
  ReportModel m = testing::sample_model();
  const std::string target = m.problems[1].fingerprint;
  const std::string untouched_deadline = m.problems[0].deadline;
  apply_tracking(m, {{target, {"王五", "2026-12-01", "fixed"}}, {"0000", {"x", "", ""}}});
  EXPECT_EQ(m.problems[1].owner, "王五");
  EXPECT_EQ(m.problems[1].deadline, "2026-12-01");
  EXPECT_EQ(m.problems[1].status, "fixed");
  EXPECT_EQ(m.problems[0].deadline, untouched_deadline);
  EXPECT_EQ(m.problems[0].status, "open");
}

TEST(ReportModel, PersonalDataKeepsOnlyPlacesWithValues) {
  ReportModel m = testing::sample_model();
  EXPECT_EQ(m.data_places_scanned, 2u);
  ASSERT_EQ(m.personal_data.size(), 1u);
  EXPECT_EQ(m.personal_data[0].location, "/srv/export/students.csv");
  EXPECT_EQ(m.personal_data[0].counts.count("email"), 0u);
  EXPECT_EQ(m.personal_data_totals.at("cn_id"), 120u);
}

TEST(ReportModel, EnglishLabelsAndRuleTextInTheReportLanguage) {
  LangGuard en(Lang::en);
  ReportModel m = testing::sample_model();  // the findings were made in English too here
  EXPECT_EQ(m.by_category[0].label, "weak password");
  EXPECT_EQ(m.title, "Data Security Self-Inspection Report");
  EXPECT_EQ(section_titles().overview, "1. Overview");
  // Findings made in Chinese still show English rule text in an English report.
  set_lang(Lang::zh);
  ReportInputs in = testing::sample_inputs();
  set_lang(Lang::en);
  ReportModel mixed = build_report_model(in, RuleCatalogue::builtin());
  const ReportRule& rule = mixed.rule_of(mixed.problems[0]);
  EXPECT_EQ(rule.title, RuleCatalogue::builtin().at(rule.id).title_en);
}

}  // namespace paicha::report
