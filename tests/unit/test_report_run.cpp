#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/finding.h"
#include "core/i18n.h"
#include "report/run_document.h"
#include "report/sarif.h"
#include "report/text_table.h"

namespace paicha::report {

namespace {
RunDocument sample() {
  RunDocument doc;
  doc.run_id = 7;
  doc.kind = "discover";
  doc.status = "done";
  doc.started_at = "2026-11-21T04:00:00Z";
  doc.finished_at = "2026-11-21T04:00:02Z";
  Asset redis;
  redis.host = "127.0.0.1";
  redis.port = 6379;
  redis.service = "redis";
  redis.product = "Redis";
  redis.version = "7.0.15";
  redis.tls = false;
  Asset odd;
  odd.host = "::1";
  odd.port = 9999;
  odd.banner = "=cmd|' /C calc'!A0,\"x\"\xff";  // hostile banner: formula + invalid UTF-8
  doc.assets = {redis, odd};
  return doc;
}
}  // namespace

TEST(RunDocument, JsonHasTheContractFields) {
  auto j = nlohmann::json::parse(render_json(sample()));
  for (const char* key :
       {"tool", "version", "run_id", "started_at", "finished_at", "assets", "findings"})
    EXPECT_TRUE(j.contains(key)) << key;
  ASSERT_EQ(j["assets"].size(), 2u);
  const auto& a = j["assets"][0];
  for (const char* key : {"host", "port", "service", "product", "version", "tls"})
    EXPECT_TRUE(a.contains(key)) << key;
  EXPECT_EQ(a["service"], "redis");
  EXPECT_EQ(a["tls"], false);
  EXPECT_TRUE(j["assets"][1]["tls"].is_null());
  EXPECT_EQ(j["assets"][1]["service"], "unknown");
}

TEST(RunDocument, NdjsonIsOneObjectPerLine) {
  std::string text = render_ndjson(sample());
  size_t lines = 0;
  size_t start = 0;
  for (size_t nl; (nl = text.find('\n', start)) != std::string::npos; start = nl + 1) {
    auto line = nlohmann::json::parse(text.substr(start, nl - start), nullptr, false);
    EXPECT_FALSE(line.is_discarded());
    ++lines;
  }
  EXPECT_EQ(lines, 3u);  // run header + two assets
}

TEST(RunDocument, CsvQuotesAndDefusesFormulas) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("=1+1"), "'=1+1");
  std::string csv = render_csv(sample());
  EXPECT_EQ(csv.find(",=cmd"), std::string::npos);
}

TEST(TextTable, AlignsChineseByDisplayWidth) {
  EXPECT_EQ(display_width("abc"), 3u);
  EXPECT_EQ(display_width("主机"), 4u);
  TextTable t({"主机", "PORT"});
  t.add_row({"a", "1"});
  std::string out = t.render();
  // "主机" is 4 columns wide, so "PORT" starts at column 6 on the header line and the value
  // column starts at the same column on the data line.
  auto header_end = out.find('\n');
  auto data_line = out.substr(out.rfind('\n', out.size() - 2) + 1);
  EXPECT_EQ(data_line.find('1'), 6u);
  EXPECT_EQ(out.substr(0, header_end).find("PORT"), std::string("主机").size() + 2);
}

TEST(RunDocument, TableSaysWhenNothingWasFound) {
  RunDocument empty;
  set_lang(Lang::en);
  EXPECT_NE(render_table(empty).find("No open service ports"), std::string::npos);
  set_lang(Lang::zh);
  EXPECT_NE(render_table(empty).find("未发现"), std::string::npos);
}

}  // namespace paicha::report

namespace paicha::report {

TEST(Sarif, OneRunWithRulesResultsAndFingerprints) {
  RunDocument doc;
  doc.run_id = 9;
  doc.kind = "audit";
  doc.status = "done";
  doc.started_at = "2026-11-21T04:00:00Z";
  doc.finished_at = "2026-11-21T04:00:02Z";
  Asset redis;
  redis.host = "::1";
  redis.port = 6379;
  redis.service = "redis";
  doc.findings = {make_finding("redis.unauthorized_access", redis, "16 个库"),
                  make_finding("redis.weak_password", redis, "口令 ro****23", "default")};
  const auto j = nlohmann::json::parse(render(doc, "sarif"));
  EXPECT_EQ(j["version"], "2.1.0");
  ASSERT_EQ(j["runs"].size(), 1u);
  const auto& run = j["runs"][0];
  EXPECT_EQ(run["tool"]["driver"]["name"], "paicha");
  ASSERT_EQ(run["tool"]["driver"]["rules"].size(), 2u);
  EXPECT_EQ(run["tool"]["driver"]["rules"][0]["id"], "redis.unauthorized_access");
  EXPECT_EQ(run["tool"]["driver"]["rules"][0]["properties"]["security-severity"], "9.5");
  ASSERT_EQ(run["results"].size(), 2u);
  const auto& result = run["results"][1];
  EXPECT_EQ(result["ruleId"], "redis.weak_password");
  EXPECT_EQ(result["ruleIndex"], 1);
  EXPECT_EQ(result["level"], "error");
  EXPECT_EQ(result["partialFingerprints"]["paichaFindingId/v1"], doc.findings[1].fingerprint());
  EXPECT_EQ(result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "hosts/::1/6379/redis");
  EXPECT_NE(result["message"]["text"].get<std::string>().find("ro****23"), std::string::npos);
}

TEST(Sarif, LevelsFollowSeverity) {
  EXPECT_EQ(sarif_level(Severity::critical), "error");
  EXPECT_EQ(sarif_level(Severity::medium), "warning");
  EXPECT_EQ(sarif_level(Severity::info), "note");
  RunDocument empty;
  empty.kind = "audit";
  const auto j = nlohmann::json::parse(render_sarif(empty));
  EXPECT_TRUE(j["runs"][0]["results"].is_array());
  EXPECT_TRUE(j["runs"][0]["results"].empty());
}

}  // namespace paicha::report
