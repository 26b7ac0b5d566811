#include <gtest/gtest.h>

#include <regex>

#include "core/i18n.h"
#include "report/report_html.h"
#include "report/report_layout.h"
#include "test_report_support.h"

namespace paicha::report {

TEST(ReportHtml, SelfContainedWithNothingFetched) {
  set_lang(Lang::zh);
  const std::string html = render_report_html(testing::sample_model());
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  const std::regex remote(R"((src|href)\s*=\s*["']?\s*(https?:)?//|url\(\s*["']?\s*(https?:)?//)",
                          std::regex::icase);
  EXPECT_FALSE(std::regex_search(html, remote));
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("@page"), std::string::npos);
  EXPECT_NE(html.find("break-inside: avoid"), std::string::npos);
}

TEST(ReportHtml, HasEverySectionAndTheProblems) {
  set_lang(Lang::zh);
  const std::string html = render_report_html(testing::sample_model());
  const SectionTitles t = section_titles();
  for (const auto& title :
       {t.overview, t.method, t.findings, t.remediation, t.next_steps, t.appendix})
    EXPECT_NE(html.find(">" + title + "</h2>"), std::string::npos) << title;
  EXPECT_NE(html.find("口令 ro****23"), std::string::npos);
  EXPECT_NE(html.find("数据安全隐患自查报告"), std::string::npos);
  EXPECT_NE(html.find("身份证号"), std::string::npos);  // personal data found by pii scan
  EXPECT_NE(html.find("10.1.0.5:3306\nmysql"), std::string::npos);
}

TEST(ReportHtml, EscapesHostileEvidence) {
  ReportInputs in = testing::sample_inputs();
  in.findings[0].evidence = "<script>alert(1)</script>";
  const std::string html = render_report_html(build_report_model(in, RuleCatalogue::builtin()));
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
}

TEST(ReportHtml, EnglishReportHasTheSameStructure) {
  set_lang(Lang::en);
  const std::string html = render_report_html(testing::sample_model());
  set_lang(Lang::zh);
  EXPECT_NE(html.find("lang=\"en\""), std::string::npos);
  for (const char* title :
       {"1. Overview", "2. Inspection method", "3. Problems found",
        "4. Remediation measures and plan", "5. Next steps", "Appendix: asset list"})
    EXPECT_NE(html.find(title), std::string::npos) << title;
  EXPECT_EQ(html.find("基本情况"), std::string::npos);
}

}  // namespace paicha::report
