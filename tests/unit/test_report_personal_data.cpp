// The report's personal-data section in the machine formats: `report --format json` (a
// "personal_data" object), csv (a second file of places) and sarif (results of the catalogue rule
// pii.personal_data_stored). Counts only: the store holds no values, and none may appear.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/i18n.h"
#include "core/rules.h"
#include "report/personal_data_export.h"
#include "report/run_document.h"
#include "report/sarif.h"
#include "report/sarif_personal_data.h"
#include "test_report_support.h"

namespace paicha::report {

namespace {

struct LangGuard {
  explicit LangGuard(Lang lang) { set_lang(lang); }
  ~LangGuard() { set_lang(Lang::zh); }
};

// The sample audit's file with personal data and a clean file, plus a MySQL table.
std::vector<store::DataAsset> sample_places() {
  std::vector<store::DataAsset> assets = testing::sample_inputs().data_assets;
  store::DataAsset table;
  table.kind = "table";
  table.location = "mysql://10.1.0.5:3306/erp.customers";
  table.host = "10.1.0.5";
  table.port = 3306;
  table.engine = "mysql";
  table.counts = {{"mobile", 30}, {"name", 30}};
  table.sensitivity = "ordinary";
  assets.push_back(table);
  return assets;
}

// An audit run with one finding, as `paicha report` hands it to the machine writers.
RunDocument report_document(std::vector<store::DataAsset> places) {
  RunDocument doc;
  doc.run_id = 12;
  doc.kind = "audit";
  doc.status = "done";
  doc.findings = {testing::finding("redis.unauthorized_access", "10.1.0.7", 6379, "16 个库")};
  doc.personal_data = collect_personal_data(places);
  return doc;
}

}  // namespace

TEST(ReportPersonalData, JsonCarriesPlacesAndTotalsNextToTheFindings) {
  const auto j = nlohmann::json::parse(render_json(report_document(sample_places())));
  ASSERT_EQ(j["findings"].size(), 1u);  // the existing keys are unchanged
  EXPECT_EQ(j["findings"][0]["rule"], "redis.unauthorized_access");
  ASSERT_TRUE(j.contains("personal_data"));
  const auto& data = j["personal_data"];
  EXPECT_EQ(data["places_scanned"], 3);
  ASSERT_EQ(data["places"].size(), 2u);  // the clean file is left out
  const auto& file = data["places"][0];
  EXPECT_EQ(file["kind"], "file");
  EXPECT_EQ(file["location"], "/srv/export/students.csv");
  EXPECT_EQ(file["sensitivity"], "sensitive");
  EXPECT_EQ(file["counts"], (nlohmann::json{{"cn_id", 120}, {"mobile", 80}}));  // no email: 0
  EXPECT_FALSE(file.contains("host"));
  const auto& table = data["places"][1];
  EXPECT_EQ(table["kind"], "table");
  EXPECT_EQ(table["location"], "mysql://10.1.0.5:3306/erp.customers");
  EXPECT_EQ(table["host"], "10.1.0.5");
  EXPECT_EQ(table["port"], 3306);
  EXPECT_EQ(table["engine"], "mysql");
  EXPECT_EQ(data["totals"], (nlohmann::json{{"cn_id", 120}, {"mobile", 110}, {"name", 30}}));
}

TEST(ReportPersonalData, JsonWithoutPersonalDataHasAnEmptySection) {
  const auto j = nlohmann::json::parse(render_json(report_document({})));
  EXPECT_EQ(j["personal_data"]["places_scanned"], 0);
  EXPECT_TRUE(j["personal_data"]["places"].empty());
  EXPECT_TRUE(j["personal_data"]["totals"].empty());
  // Only clean places measured: still nothing listed.
  std::vector<store::DataAsset> clean = {testing::sample_inputs().data_assets[1]};
  const auto k = nlohmann::json::parse(render_json(report_document(clean)));
  EXPECT_EQ(k["personal_data"]["places_scanned"], 1);
  EXPECT_TRUE(k["personal_data"]["places"].empty());
  EXPECT_TRUE(k["personal_data"]["totals"].empty());
}

TEST(ReportPersonalData, SqliteTableHasAnEngineButNoHost) {
  store::DataAsset table;
  table.kind = "table";
  table.location = "sqlite:///app.db.main.users";
  table.engine = "sqlite";
  table.counts = {{"email", 4}};
  table.sensitivity = "ordinary";
  const RunDocument doc = report_document({table});
  const auto place = nlohmann::json::parse(render_json(doc))["personal_data"]["places"][0];
  EXPECT_EQ(place["engine"], "sqlite");
  EXPECT_FALSE(place.contains("host"));
  EXPECT_FALSE(place.contains("port"));
  const auto location =
      nlohmann::json::parse(render(doc, "sarif"))["runs"][0]["results"][1]["locations"][0];
  EXPECT_EQ(location["physicalLocation"]["artifactLocation"]["uri"], "hosts/localhost/0/sqlite");
  EXPECT_EQ(location["logicalLocations"][0]["name"], "app.db.main.users");
}

TEST(ReportPersonalData, AuditOutputHasNoPersonalDataSection) {
  RunDocument audit = report_document(sample_places());
  audit.personal_data.reset();  // `paicha audit --format json`: the contract of DESIGN.md only
  EXPECT_FALSE(nlohmann::json::parse(render_json(audit)).contains("personal_data"));
}

TEST(ReportPersonalData, CsvHasOnePlacePerRowAndAColumnPerType) {
  std::vector<store::DataAsset> places = sample_places();
  places[0].location = "/srv/export/a,b.csv";  // quoted like every CSV field
  places[2].counts["future_type"] = 2;         // a type this version does not know keeps its count
  const std::string csv = render_personal_data_csv(*report_document(places).personal_data);
  EXPECT_EQ(csv,
            "kind,location,sensitivity,host,port,engine,cn_id,mobile,landline,bank_card,email,"
            "uscc,passport,ipv4,name,address,password,secret,future_type\n"
            "file,\"/srv/export/a,b.csv\",sensitive,,,,120,80,0,0,0,0,0,0,0,0,0,0,0\n"
            "table,mysql://10.1.0.5:3306/erp.customers,ordinary,10.1.0.5,3306,mysql,"
            "0,30,0,0,0,0,0,0,30,0,0,0,2\n");
}

TEST(ReportPersonalData, CsvWithoutPersonalDataIsTheHeaderOnly) {
  const std::string csv = render_personal_data_csv(*report_document({}).personal_data);
  EXPECT_EQ(csv,
            "kind,location,sensitivity,host,port,engine,cn_id,mobile,landline,bank_card,email,"
            "uscc,passport,ipv4,name,address,password,secret\n");
}

TEST(ReportPersonalData, FindingsCsvStaysOneTableOfFindings) {
  const RunDocument doc = report_document(sample_places());
  RunDocument without = doc;
  without.personal_data.reset();
  const std::string csv = render(doc, "csv");
  EXPECT_EQ(csv, render(without, "csv"));  // exactly what existing consumers already parse
  EXPECT_EQ(csv.find("students.csv"), std::string::npos);
  EXPECT_EQ(csv.find("erp.customers"), std::string::npos);
}

TEST(ReportPersonalData, CsvFileSitsNextToTheFindingsCsv) {
  EXPECT_EQ(personal_data_csv_path("out/report.csv"), "out/report.personal_data.csv");
  EXPECT_EQ(personal_data_csv_path("/tmp/自查结果.csv"), "/tmp/自查结果.personal_data.csv");
  EXPECT_EQ(personal_data_csv_path("findings"), "findings.personal_data.csv");
}

TEST(ReportPersonalData, SarifPlacesAreResultsOfTheCatalogueRule) {
  const RunDocument doc = report_document(sample_places());
  const auto j = nlohmann::json::parse(render(doc, "sarif"));
  const auto& run = j["runs"][0];
  const auto& rules = run["tool"]["driver"]["rules"];
  ASSERT_EQ(rules.size(), 2u);
  const Rule& rule = RuleCatalogue::builtin().at(kPersonalDataRule);
  EXPECT_EQ(rules[1]["id"], "pii.personal_data_stored");
  EXPECT_EQ(rules[1]["shortDescription"]["text"], rule.title());  // the catalogue's text
  EXPECT_EQ(rules[1]["defaultConfiguration"]["level"], "note");
  ASSERT_EQ(run["results"].size(), 3u);  // the finding, then the two places
  EXPECT_EQ(run["results"][0]["ruleId"], "redis.unauthorized_access");

  const auto& file = run["results"][1];
  EXPECT_EQ(file["ruleId"], "pii.personal_data_stored");
  EXPECT_EQ(file["ruleIndex"], 1);
  EXPECT_EQ(file["level"], "note");
  EXPECT_EQ(file["message"]["text"], rule.title() + ": 身份证号 120、手机号 80");
  EXPECT_EQ(file["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "file:///srv/export/students.csv");
  EXPECT_EQ(file["partialFingerprints"]["paichaPersonalDataPlace/v1"], "/srv/export/students.csv");
  EXPECT_EQ(file["properties"]["counts"]["cn_id"], 120);
  EXPECT_EQ(file["properties"]["sensitivity"], "sensitive");

  const auto& table = run["results"][2];
  EXPECT_EQ(table["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "hosts/10.1.0.5/3306/mysql");
  const auto& logical = table["locations"][0]["logicalLocations"][0];
  EXPECT_EQ(logical["name"], "erp.customers");
  EXPECT_EQ(logical["fullyQualifiedName"], "mysql://10.1.0.5:3306/erp.customers");
}

TEST(ReportPersonalData, SarifMessageFollowsTheLanguage) {
  LangGuard en(Lang::en);
  const auto j = nlohmann::json::parse(render(report_document(sample_places()), "sarif"));
  EXPECT_EQ(j["runs"][0]["results"][1]["message"]["text"],
            "A file or table holds personal information: ID number 120, mobile 80");
}

TEST(ReportPersonalData, SarifWithoutPersonalDataHasNoSuchRuleOrResult) {
  RunDocument audit = report_document(sample_places());
  audit.personal_data.reset();  // `paicha audit --format sarif`
  for (const RunDocument& doc : {report_document({}), audit}) {
    const auto j = nlohmann::json::parse(render(doc, "sarif"));
    const auto& run = j["runs"][0];
    ASSERT_EQ(run["tool"]["driver"]["rules"].size(), 1u);
    ASSERT_EQ(run["results"].size(), 1u);
    EXPECT_EQ(run["results"][0]["ruleId"], "redis.unauthorized_access");
  }
}

TEST(ReportPersonalData, SarifFileUrisArePercentEncoded) {
  EXPECT_EQ(sarif_file_uri("/srv/导出/a b.csv"), "file:///srv/%E5%AF%BC%E5%87%BA/a%20b.csv");
  EXPECT_EQ(sarif_file_uri("/srv/a.zip!b.csv"), "file:///srv/a.zip!b.csv");
  EXPECT_EQ(sarif_file_uri("export/x#1.csv"), "export/x%231.csv");  // relative stays relative
  EXPECT_EQ(sarif_file_uri("c:x.csv"), "c%3Ax.csv");                // not a scheme
}

}  // namespace paicha::report
