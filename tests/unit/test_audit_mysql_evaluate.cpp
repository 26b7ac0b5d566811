// Rules over synthetic ServerFacts: each rule fires on the risky value and stays quiet on the
// hardened one.
#include <gtest/gtest.h>

#include <algorithm>

#include "core/i18n.h"
#include "services/mysql/evaluate.h"

namespace paicha::services::mysql {
namespace {

ServerFacts hardened() {
  ServerFacts facts;
  facts.variables = {{"bind_address", "10.0.0.5"},
                     {"general_log", "OFF"},
                     {"log_bin", "ON"},
                     {"expire_logs_days", "0.000000"},
                     {"binlog_expire_logs_seconds", "0"},
                     {"server_audit_logging", "ON"}};
  facts.plugins = {{"server_audit", "ACTIVE"}};
  facts.plugins_readable = true;
  facts.accounts_readable = true;
  facts.accounts = {{"root", "localhost", {"Select", "Super"}, false},
                    {"app", "10.0.0.%", {}, false},
                    {"monitor", "%", {}, false}};
  return facts;
}

std::vector<Verdict> with_rule(const std::vector<Verdict>& verdicts, std::string_view rule) {
  std::vector<Verdict> out;
  std::copy_if(verdicts.begin(), verdicts.end(), std::back_inserter(out),
               [&](const Verdict& v) { return v.rule == rule; });
  return out;
}

class MysqlEvaluate : public ::testing::Test {
 protected:
  void SetUp() override { set_lang(Lang::en); }
  void TearDown() override { set_lang(Lang::zh); }
};

TEST_F(MysqlEvaluate, HardenedServerHasNoFinding) {
  EXPECT_TRUE(evaluate_server_facts(hardened()).empty());
}

TEST_F(MysqlEvaluate, AnonymousAccountsAreOneFinding) {
  ServerFacts facts = hardened();
  facts.accounts.push_back({"", "%", {}, false});
  facts.accounts.push_back({"", "localhost", {}, false});
  facts.accounts.push_back({"", "db1", {}, true});  // locked: cannot log in
  const auto found = with_rule(evaluate_server_facts(facts), "mysql.anonymous_user");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].key, "anonymous");
  EXPECT_NE(found[0].evidence.find("2 anonymous"), std::string::npos) << found[0].evidence;
  EXPECT_NE(found[0].evidence.find("''@'%'"), std::string::npos);
}

TEST_F(MysqlEvaluate, RemoteRootAndWildcardHost) {
  ServerFacts facts = hardened();
  facts.accounts.push_back({"root", "%", {"Select", "Insert", "Super"}, false});
  facts.accounts.push_back({"root", "::1", {"Select"}, false});
  facts.accounts.push_back({"etl", "%", {"File"}, false});
  const auto verdicts = evaluate_server_facts(facts);
  const auto remote = with_rule(verdicts, "mysql.remote_root");
  ASSERT_EQ(remote.size(), 1u);
  EXPECT_EQ(remote[0].key, "root@%");
  const auto wildcard = with_rule(verdicts, "mysql.wildcard_host_global_priv");
  ASSERT_EQ(wildcard.size(), 2u);
  EXPECT_EQ(wildcard[0].key, "root@%");
  EXPECT_NE(wildcard[0].evidence.find("3 global privileges"), std::string::npos);
  EXPECT_EQ(wildcard[1].key, "etl@%");
}

TEST_F(MysqlEvaluate, AuditPluginMustBeActiveAndLogging) {
  ServerFacts facts = hardened();
  facts.variables["server_audit_logging"] = "OFF";
  auto found = with_rule(evaluate_server_facts(facts), "mysql.no_audit");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].evidence.find("server_audit_logging=OFF"), std::string::npos);
  EXPECT_NE(found[0].evidence.find("general_log=OFF"), std::string::npos);

  facts.plugins.clear();
  facts.variables.erase("server_audit_logging");
  facts.variables["general_log"] = "ON";
  found = with_rule(evaluate_server_facts(facts), "mysql.no_audit");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].evidence.find("general_log=ON"), std::string::npos);

  facts.plugins["audit_log"] = "ACTIVE";  // MySQL Enterprise / Percona
  EXPECT_TRUE(with_rule(evaluate_server_facts(facts), "mysql.no_audit").empty());

  // Unknown plugin state is not evidence of anything.
  facts.plugins.clear();
  facts.plugins_readable = false;
  EXPECT_TRUE(with_rule(evaluate_server_facts(facts), "mysql.no_audit").empty());
}

TEST_F(MysqlEvaluate, BinlogRetention) {
  ServerFacts facts = hardened();
  EXPECT_FALSE(binlog_retention_seconds(facts));  // 0: never purged
  facts.variables["expire_logs_days"] = "7.000000";
  facts.variables["binlog_expire_logs_seconds"] = "604800";
  ASSERT_TRUE(binlog_retention_seconds(facts));
  EXPECT_DOUBLE_EQ(*binlog_retention_seconds(facts), 604800.0);
  auto found = with_rule(evaluate_server_facts(facts), "log.retention_short");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].evidence.find("7.0 days"), std::string::npos) << found[0].evidence;

  facts.variables["binlog_expire_logs_seconds"] = std::to_string(200 * 86400);
  EXPECT_TRUE(with_rule(evaluate_server_facts(facts), "log.retention_short").empty());

  facts.variables["binlog_expire_logs_seconds"] = "0";
  facts.variables["expire_logs_days"] = "30";  // older servers: days only
  EXPECT_EQ(with_rule(evaluate_server_facts(facts), "log.retention_short").size(), 1u);

  facts.variables["log_bin"] = "OFF";  // no binlog: nothing to retain
  EXPECT_TRUE(with_rule(evaluate_server_facts(facts), "log.retention_short").empty());
}

TEST_F(MysqlEvaluate, BindAddress) {
  ServerFacts facts = hardened();
  for (const std::string value : {"0.0.0.0", "*", "::", "", "10.0.0.5, *"}) {
    facts.variables["bind_address"] = value;
    EXPECT_EQ(with_rule(evaluate_server_facts(facts), "generic.listen_all_interfaces").size(), 1u)
        << value;
  }
  for (const std::string value : {"127.0.0.1", "10.0.0.5,::1"}) {
    facts.variables["bind_address"] = value;
    EXPECT_TRUE(with_rule(evaluate_server_facts(facts), "generic.listen_all_interfaces").empty())
        << value;
  }
  facts.variables.erase("bind_address");  // old servers without the variable: unknown
  EXPECT_TRUE(with_rule(evaluate_server_facts(facts), "generic.listen_all_interfaces").empty());
}

TEST_F(MysqlEvaluate, ChineseEvidenceByDefault) {
  set_lang(Lang::zh);
  ServerFacts facts = hardened();
  facts.variables["bind_address"] = "0.0.0.0";
  const auto found = with_rule(evaluate_server_facts(facts), "generic.listen_all_interfaces");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0].evidence.find("监听所有网络接口"), std::string::npos);
}

}  // namespace
}  // namespace paicha::services::mysql
