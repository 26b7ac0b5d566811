#include "core/vulndb.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "core/errors.h"
#include "core/i18n.h"
#include "core/rules.h"

namespace paicha {
namespace {

const VulnDb& shipped() {
  static const VulnDb db = VulnDb::load(std::string(PAICHA_SOURCE_DATA_DIR) + "/vulndb.yaml");
  return db;
}

const RuleCatalogue& rules() {
  static const RuleCatalogue catalogue = RuleCatalogue::load(PAICHA_SOURCE_RULES_DIR);
  return catalogue;
}

std::vector<std::string> ids(const std::vector<VulnMatch>& matches) {
  std::vector<std::string> out;
  for (const auto& m : matches) out.push_back(m.cve->id);
  return out;
}

bool has(const std::vector<VulnMatch>& matches, const std::string& id) {
  const auto all = ids(matches);
  return std::find(all.begin(), all.end(), id) != all.end();
}

std::string load_error(const std::string& yaml) {
  try {
    VulnDb::parse(yaml, "vulndb-fixture.yaml");
  } catch (const RuntimeError& e) {
    return e.what();
  }
  return {};
}

TEST(VulnDb, ShippedDataLoadsWithSourcesAndADate) {
  const auto& db = shipped();
  EXPECT_EQ(db.data_version().size(), 10u);
  EXPECT_GE(db.cves().size(), 20u);
  for (const auto& cve : db.cves()) {
    EXPECT_TRUE(cve.id.starts_with("CVE-")) << cve.id;
    EXPECT_EQ(cve.source, "https://nvd.nist.gov/vuln/detail/" + cve.id);
    EXPECT_FALSE(cve.title_zh.empty()) << cve.id;
    EXPECT_FALSE(cve.title_en.empty()) << cve.id;
    EXPECT_GE(cve.severity, Severity::medium) << cve.id;
  }
}

TEST(VulnDb, RegreSshionRange) {
  const auto& db = shipped();
  EXPECT_TRUE(has(db.match("OpenSSH", "9.2p1"), "CVE-2024-6387"));
  EXPECT_TRUE(has(db.match("OpenSSH", "8.5p1"), "CVE-2024-6387"));
  EXPECT_TRUE(has(db.match("OpenSSH", "9.7p1"), "CVE-2024-6387"));
  EXPECT_TRUE(has(db.match("OpenSSH", "4.3p2"), "CVE-2024-6387"));
  EXPECT_FALSE(has(db.match("OpenSSH", "9.8p1"), "CVE-2024-6387"));
  EXPECT_FALSE(has(db.match("OpenSSH", "8.4p1"), "CVE-2024-6387"));
  EXPECT_FALSE(has(db.match("OpenSSH", "4.4p1"), "CVE-2024-6387"));
  EXPECT_FALSE(has(db.match("OpenSSH", "9.9p2"), "CVE-2024-6387"));
}

TEST(VulnDb, DistributionBuildsLowerTheConfidence) {
  const auto& db = shipped();
  // Debian 12 fixed regreSSHion in 1:9.2p1-2+deb12u3 without changing the upstream version.
  const auto debian = db.match("OpenSSH", "9.2p1", "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3");
  ASSERT_TRUE(has(debian, "CVE-2024-6387"));
  for (const auto& m : debian) {
    EXPECT_EQ(m.confidence, MatchConfidence::low);
    EXPECT_EQ(m.distro, "debian");
  }
  const auto upstream = db.match("OpenSSH", "9.2p1", "SSH-2.0-OpenSSH_9.2p1");
  ASSERT_TRUE(has(upstream, "CVE-2024-6387"));
  for (const auto& m : upstream) EXPECT_EQ(m.confidence, MatchConfidence::high);
  EXPECT_EQ(distro_hint("10.11.6-MariaDB-0+deb12u1"), "debian");
  EXPECT_EQ(distro_hint("8.0.36-0ubuntu0.22.04.1"), "ubuntu");
  EXPECT_EQ(distro_hint("15.4 (Debian 15.4-2.pgdg120+1)"), "");
  EXPECT_EQ(distro_hint("7.0.15"), "");
}

TEST(VulnDb, DistributionOnlyFlawsNeedThatDistribution) {
  const auto& db = shipped();
  EXPECT_FALSE(has(db.match("Redis", "5.0.7"), "CVE-2022-0543"));
  EXPECT_TRUE(has(db.match("Redis", "5.0.7", "redis 5:5.0.7-2ubuntu0.1"), "CVE-2022-0543"));
}

TEST(VulnDb, RedisBranches) {
  const auto& db = shipped();
  EXPECT_TRUE(has(db.match("Redis", "7.2.4"), "CVE-2025-49844"));
  EXPECT_TRUE(has(db.match("Redis", "7.0.15"), "CVE-2025-49844"));
  EXPECT_TRUE(has(db.match("redis", "6.0.5"), "CVE-2025-49844"));
  EXPECT_FALSE(has(db.match("Redis", "7.2.11"), "CVE-2025-49844"));
  EXPECT_FALSE(has(db.match("Redis", "7.4.6"), "CVE-2025-49844"));
  EXPECT_TRUE(has(db.match("Redis", "7.4.5"), "CVE-2025-49844"));
  EXPECT_FALSE(has(db.match("Redis", "8.2.2"), "CVE-2025-49844"));
  EXPECT_TRUE(has(db.match("Redis", "7.0.12"), "CVE-2023-41056"));
  EXPECT_FALSE(has(db.match("Redis", "7.0.8"), "CVE-2023-41056"));
  EXPECT_FALSE(has(db.match("Redis", "7.0.15"), "CVE-2023-41056"));
  EXPECT_TRUE(has(db.match("Redis", "6.0.5"), "CVE-2021-32675"));
  EXPECT_FALSE(has(db.match("Redis", "6.0.16"), "CVE-2021-32675"));
}

TEST(VulnDb, ProductsAreMatchedByTheirOwnNames) {
  const auto& db = shipped();
  // MariaDB and MySQL have separate ranges for the same CVE.
  EXPECT_TRUE(has(db.match("MariaDB", "10.1.16"), "CVE-2016-6662"));
  EXPECT_FALSE(has(db.match("MariaDB", "10.1.17"), "CVE-2016-6662"));
  EXPECT_TRUE(has(db.match("MySQL", "5.7.15"), "CVE-2016-6662"));
  EXPECT_FALSE(has(db.match("MySQL", "5.7.16"), "CVE-2016-6662"));
  EXPECT_TRUE(db.match("Valkey", "7.2.4").empty());
  EXPECT_TRUE(db.match("Redis", "").empty());
  EXPECT_TRUE(db.match("Redis", "unknown").empty());
  EXPECT_TRUE(has(db.match("MongoDB", "7.0.27"), "CVE-2025-14847"));
  EXPECT_FALSE(has(db.match("MongoDB", "7.0.28"), "CVE-2025-14847"));
  EXPECT_TRUE(has(db.match("MongoDB", "4.2.25"), "CVE-2025-14847"));
  EXPECT_TRUE(has(db.match("ProFTPD", "1.3.5b"), "CVE-2019-12815"));
  EXPECT_TRUE(has(db.match("ProFTPD", "1.3.6"), "CVE-2019-12815"));
  EXPECT_FALSE(has(db.match("ProFTPD", "1.3.6b"), "CVE-2019-12815"));
  EXPECT_TRUE(has(db.match("vsFTPd", "2.3.4"), "CVE-2011-2523"));
  EXPECT_FALSE(has(db.match("vsFTPd", "3.0.3"), "CVE-2011-2523"));
  EXPECT_TRUE(has(db.match("PostgreSQL", "15.4"), "CVE-2023-5869"));
  EXPECT_FALSE(has(db.match("PostgreSQL", "15.5"), "CVE-2023-5869"));
  EXPECT_TRUE(has(db.match("Memcached", "1.5.5"), "CVE-2018-1000115"));
  EXPECT_FALSE(has(db.match("Memcached", "1.6.21"), "CVE-2018-1000115"));
}

TEST(VulnDb, EndOfLifeUsesTheLongestBranchAndTheGivenDay) {
  const auto& db = shipped();
  auto eol = db.end_of_life("PostgreSQL", "11.22", "2024-01-01");
  ASSERT_TRUE(eol);
  EXPECT_EQ(eol->entry->branch, "11");
  EXPECT_EQ(eol->entry->date, "2023-11-09");
  EXPECT_TRUE(eol->passed);
  eol = db.end_of_life("PostgreSQL", "12.17", "2024-01-01");
  ASSERT_TRUE(eol);
  EXPECT_FALSE(eol->passed);
  eol = db.end_of_life("MariaDB", "10.11.6", "2026-11-21");
  ASSERT_TRUE(eol);
  EXPECT_EQ(eol->entry->branch, "10.11");
  EXPECT_FALSE(eol->passed);
  eol = db.end_of_life("MariaDB", "10.1.48", "2026-11-21");
  ASSERT_TRUE(eol);
  EXPECT_EQ(eol->entry->branch, "10.1");
  EXPECT_TRUE(eol->passed);
  eol = db.end_of_life("MySQL", "5.7.44-log", "2026-11-21");
  ASSERT_TRUE(eol);
  EXPECT_TRUE(eol->passed);
  eol = db.end_of_life("MongoDB", "4.4.29", "2024-02-29");
  ASSERT_TRUE(eol);
  EXPECT_TRUE(eol->passed);  // on the day itself
  EXPECT_FALSE(db.end_of_life("OpenSSH", "9.2p1", "2026-11-21"));
  EXPECT_FALSE(db.end_of_life("MariaDB", "12.0.1", "2026-11-21"));
}

TEST(VulnDb, FindingsCarryTheCveSeverityAndSource) {
  set_lang(Lang::zh);
  Asset asset;
  asset.host = "127.0.0.1";
  asset.port = 5432;
  asset.service = "postgresql";
  asset.product = "PostgreSQL";
  asset.version = "11.21";
  const auto findings = vulnerable_version_findings(asset, shipped(), rules(), "2026-11-21");
  bool saw_cve = false, saw_eol = false;
  for (const auto& f : findings) {
    if (f.evidence_key == "CVE-2023-5869") {
      saw_cve = true;
      EXPECT_EQ(f.rule, "vuln.known_cve");
      EXPECT_EQ(f.category, "vulnerable_version");
      EXPECT_EQ(f.severity, Severity::high);
      EXPECT_NE(f.evidence.find("11.22"), std::string::npos) << f.evidence;
      EXPECT_NE(std::find(f.references.begin(), f.references.end(),
                          "https://nvd.nist.gov/vuln/detail/CVE-2023-5869"),
                f.references.end());
    }
    if (f.rule == "vuln.end_of_life") {
      saw_eol = true;
      EXPECT_NE(f.evidence.find("2023-11-09"), std::string::npos) << f.evidence;
    }
  }
  EXPECT_TRUE(saw_cve);
  EXPECT_TRUE(saw_eol);
  asset.version.clear();
  EXPECT_TRUE(vulnerable_version_findings(asset, shipped(), rules(), "2026-11-21").empty());
}

TEST(VulnDb, CriticalCveOverridesTheRuleSeverity) {
  Asset asset;
  asset.host = "::1";
  asset.port = 6379;
  asset.service = "redis";
  asset.product = "Redis";
  asset.version = "7.2.4";
  const auto findings = vulnerable_version_findings(asset, shipped(), rules(), "2026-11-21");
  const auto it = std::find_if(findings.begin(), findings.end(),
                               [](const Finding& f) { return f.evidence_key == "CVE-2025-49844"; });
  ASSERT_NE(it, findings.end());
  EXPECT_EQ(it->severity, Severity::critical);
}

TEST(VulnDb, MalformedDataNamesTheFileAndEntry) {
  set_lang(Lang::en);
  const std::string good = R"(data_version: "2026-01-01"
products:
  demo: {names: [Demo]}
cves:
  - id: CVE-2020-0001
    product: demo
    severity: high
    title: {zh: 标题, en: Title}
    source: https://nvd.nist.gov/vuln/detail/CVE-2020-0001
    affected:
      - {fixed: "1.2"}
)";
  EXPECT_EQ(load_error(good), "");
  std::string bad = good;
  bad.replace(bad.find("product: demo"), 13, "product: nope");
  std::string e = load_error(bad);
  EXPECT_NE(e.find("CVE-2020-0001"), std::string::npos) << e;
  EXPECT_NE(e.find("'nope'"), std::string::npos) << e;
  bad = good;
  bad.replace(bad.find("\"1.2\""), 5, "\"x.y\"");
  e = load_error(bad);
  EXPECT_NE(e.find("'x.y'"), std::string::npos) << e;
  bad = good;
  bad.replace(bad.find("2026-01-01"), 10, "2026/01/01");
  EXPECT_NE(load_error(bad).find("data_version"), std::string::npos);
  bad = good +
        "  - id: CVE-2020-0001\n    product: demo\n    severity: low\n"
        "    title: {zh: a, en: b}\n    source: s\n    affected: [{fixed: \"2\"}]\n";
  EXPECT_NE(load_error(bad).find("duplicate"), std::string::npos);
  EXPECT_FALSE(load_error("data_version: [").empty());
  set_lang(Lang::zh);
}

}  // namespace
}  // namespace paicha
