#include "core/rules.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include <unistd.h>

#include "core/data_paths.h"
#include "core/errors.h"
#include "core/i18n.h"

namespace paicha {
namespace {

namespace fs = std::filesystem;

const RuleCatalogue& shipped() {
  static const RuleCatalogue catalogue = RuleCatalogue::load(PAICHA_SOURCE_RULES_DIR);
  return catalogue;
}

// The text of the RuntimeError `yaml` raises, or "" when it loads.
std::string load_error(const std::string& yaml) {
  try {
    RuleCatalogue::parse(yaml, "fixture.yaml");
  } catch (const RuntimeError& e) {
    return e.what();
  }
  return {};
}

const char* kValidRule = R"(rules:
  - id: demo.thing
    category: weak_password
    severity: high
    title: {zh: 标题, en: Title}
    remediation: {zh: 做这个, en: Do this}
)";

TEST(RuleCatalogue, ShippedCatalogueLoadsAndEveryRuleIsComplete) {
  const auto& rules = shipped().rules();
  ASSERT_GE(rules.size(), 50u);
  std::set<std::string> ids;
  for (const auto& r : rules) {
    EXPECT_TRUE(ids.insert(r.id).second) << "duplicate " << r.id;
    EXPECT_TRUE(is_known_category(r.category)) << r.id;
    EXPECT_FALSE(r.title_zh.empty()) << r.id;
    EXPECT_FALSE(r.title_en.empty()) << r.id;
    EXPECT_FALSE(r.remediation_zh.empty()) << r.id;
    EXPECT_FALSE(r.remediation_en.empty()) << r.id;
    EXPECT_FALSE(r.references.empty()) << r.id << " cites nothing";
    EXPECT_EQ(r.id.substr(0, r.id.find('.')), r.service) << r.id;
  }
}

TEST(RuleCatalogue, ShippedCatalogueHasTheRulesTheAuditNeeds) {
  for (const char* id : {"redis.unauthorized_access",
                         "redis.weak_password",
                         "redis.protected_mode_off",
                         "redis.dangerous_commands",
                         "redis.no_tls",
                         "redis.no_audit",
                         "mysql.empty_root_password",
                         "mysql.anonymous_user",
                         "mysql.weak_password",
                         "mysql.remote_root",
                         "mysql.wildcard_host_global_priv",
                         "mysql.no_tls",
                         "mysql.tls_not_required",
                         "mysql.no_audit",
                         "postgresql.trust_auth",
                         "postgresql.weak_password",
                         "postgresql.hba_open_world",
                         "postgresql.hba_password_auth",
                         "postgresql.too_many_superusers",
                         "postgresql.public_schema_create",
                         "postgresql.no_tls",
                         "postgresql.tls_not_required",
                         "postgresql.log_connections_off",
                         "postgresql.log_statement_none",
                         "postgresql.no_pgaudit",
                         "mongodb.unauthorized_access",
                         "mongodb.weak_password",
                         "mongodb.root_users",
                         "mongodb.no_tls",
                         "mongodb.no_audit",
                         "memcached.unauthorized_access",
                         "memcached.udp_enabled",
                         "memcached.no_tls",
                         "elasticsearch.unauthorized_access",
                         "elasticsearch.weak_password",
                         "elasticsearch.no_tls",
                         "elasticsearch.no_audit",
                         "ssh.weak_password",
                         "ftp.weak_password",
                         "ftp.anonymous_login",
                         "ftp.no_tls",
                         "telnet.weak_password",
                         "telnet.plaintext",
                         "mssql.weak_password",
                         "mssql.no_tls",
                         "generic.listen_all_interfaces",
                         "generic.public_address",
                         "tls.weak_protocol",
                         "tls.weak_rsa_key",
                         "tls.expired_certificate",
                         "tls.self_signed_certificate",
                         "log.retention_short",
                         "vuln.known_cve",
                         "vuln.end_of_life",
                         "pii.plaintext_passwords",
                         "pii.unsalted_hashes",
                         "pii.full_numbers_in_logs",
                         "pii.in_unauthenticated_db",
                         "pii.personal_data_stored"}) {
    EXPECT_NE(shipped().find(id), nullptr) << id;
  }
}

TEST(RuleCatalogue, ShippedSeveritiesAndCategoriesFollowTheNotice) {
  EXPECT_EQ(shipped().at("redis.unauthorized_access").severity, Severity::critical);
  EXPECT_EQ(shipped().at("redis.unauthorized_access").category, "unauthorized_access");
  EXPECT_EQ(shipped().at("tls.self_signed_certificate").severity, Severity::low);
  EXPECT_EQ(shipped().at("redis.no_audit").severity, Severity::info);
  EXPECT_EQ(shipped().at("log.retention_short").category, "missing_audit");
  // The remediation carries the concrete configuration lines, not just advice.
  EXPECT_NE(shipped().at("redis.unauthorized_access").remediation_zh.find("requirepass"),
            std::string::npos);
  EXPECT_NE(shipped().at("postgresql.trust_auth").remediation_en.find("scram-sha-256"),
            std::string::npos);
  const auto& log_refs = shipped().at("log.retention_short").references;
  EXPECT_NE(std::find(log_refs.begin(), log_refs.end(), "网络安全法(2016) 第二十一条"),
            log_refs.end());
}

TEST(RuleCatalogue, TextFollowsTheCurrentLanguage) {
  const Rule& rule = shipped().at("redis.weak_password");
  set_lang(Lang::en);
  EXPECT_EQ(rule.title(), rule.title_en);
  set_lang(Lang::zh);
  EXPECT_EQ(rule.title(), rule.title_zh);
  EXPECT_EQ(rule.remediation(), rule.remediation_zh);
}

TEST(RuleCatalogue, ParsesAValidRuleAndDefaultsTheService) {
  const auto catalogue = RuleCatalogue::parse(kValidRule, "fixture.yaml");
  ASSERT_EQ(catalogue.rules().size(), 1u);
  const Rule& r = catalogue.rules()[0];
  EXPECT_EQ(r.service, "demo");
  EXPECT_EQ(r.severity, Severity::high);
  EXPECT_TRUE(r.references.empty());
  EXPECT_EQ(catalogue.find("demo.other"), nullptr);
  EXPECT_THROW(catalogue.at("demo.other"), RuntimeError);
}

TEST(RuleCatalogue, MalformedRulesNameTheFileTheRuleAndTheKey) {
  set_lang(Lang::en);
  std::string bad = kValidRule;
  bad.replace(bad.find("high"), 4, "hgih");
  std::string e = load_error(bad);
  EXPECT_NE(e.find("fixture.yaml"), std::string::npos) << e;
  EXPECT_NE(e.find("demo.thing"), std::string::npos) << e;
  EXPECT_NE(e.find("'hgih'"), std::string::npos) << e;

  bad = kValidRule;
  bad.replace(bad.find("weak_password"), 13, "weak_passwd");
  e = load_error(bad);
  EXPECT_NE(e.find("unknown category 'weak_passwd'"), std::string::npos) << e;

  bad = kValidRule;
  bad.replace(bad.find(", en: Title"), 11, "");
  e = load_error(bad);
  EXPECT_NE(e.find("'title.en'"), std::string::npos) << e;

  bad = kValidRule;
  bad.replace(bad.find("    severity"), 0, "    severty: high\n");
  e = load_error(bad);
  EXPECT_NE(e.find("unknown key 'severty'"), std::string::npos) << e;

  bad = kValidRule;
  bad.replace(bad.find("demo.thing"), 10, "Demo Thing");
  e = load_error(bad);
  EXPECT_NE(e.find("service.name"), std::string::npos) << e;

  e = load_error(std::string(kValidRule) + R"(  - id: demo.thing
    category: weak_password
    severity: low
    title: {zh: 另一个, en: Another}
    remediation: {zh: 做, en: Do}
)");
  EXPECT_NE(e.find("duplicate rule id"), std::string::npos) << e;

  e = load_error("rules: [\n  - id: x.y\n");
  EXPECT_NE(e.find("YAML"), std::string::npos) << e;
  EXPECT_FALSE(load_error("rules: 3").empty());
  EXPECT_FALSE(load_error("rule:\n  - id: a.b").empty());
  EXPECT_FALSE(load_error("").empty());
  set_lang(Lang::zh);
}

TEST(RuleCatalogue, DuplicateIdsAcrossFilesNameBothFiles) {
  const fs::path dir = fs::temp_directory_path() / ("paicha-rules-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "a.yaml") << kValidRule;
  std::ofstream(dir / "b.yaml") << kValidRule;
  std::string error;
  try {
    RuleCatalogue::load(dir.string());
  } catch (const RuntimeError& e) {
    error = e.what();
  }
  fs::remove_all(dir);
  EXPECT_NE(error.find("b.yaml"), std::string::npos) << error;
  EXPECT_NE(error.find("a.yaml"), std::string::npos) << error;
  EXPECT_THROW(RuleCatalogue::load((dir / "missing").string()), RuntimeError);
}

TEST(DataPaths, EnvironmentComesFirstAndTheSourceTreeIsTheFallback) {
  ::setenv("PAICHA_DATA_DIR", "/nonexistent-paicha", 1);
  const auto places = data_search_path("rules");
  ASSERT_FALSE(places.empty());
  EXPECT_EQ(places.front(), "/nonexistent-paicha/rules");
  EXPECT_EQ(places.back(), PAICHA_SOURCE_RULES_DIR);
  EXPECT_EQ(rules_dir(), PAICHA_SOURCE_RULES_DIR);  // the missing directory is skipped
  EXPECT_EQ(data_file("vulndb.yaml"), std::string(PAICHA_SOURCE_DATA_DIR) + "/vulndb.yaml");
  try {
    data_file("no-such-file.yaml");
    FAIL() << "expected an error";
  } catch (const RuntimeError& e) {
    EXPECT_NE(std::string(e.what()).find("no-such-file.yaml"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("/nonexistent-paicha/data"), std::string::npos);
  }
  ::unsetenv("PAICHA_DATA_DIR");
}

TEST(Severity, RoundTripsAndOrders) {
  for (Severity s :
       {Severity::info, Severity::low, Severity::medium, Severity::high, Severity::critical})
    EXPECT_EQ(parse_severity(to_string(s)), s);
  EXPECT_EQ(parse_severity("CRITICAL"), Severity::critical);
  EXPECT_FALSE(parse_severity("severe"));
  EXPECT_FALSE(parse_severity(""));
  EXPECT_LT(Severity::medium, Severity::high);
  EXPECT_LT(Severity::info, Severity::low);
  set_lang(Lang::zh);
  EXPECT_EQ(severity_label(Severity::high), "高危");
}

}  // namespace
}  // namespace paicha
