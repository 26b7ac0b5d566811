// The MongoDB audit against the spec-exact mock server (tests/unit/mock_mongodb.h): these are the
// MongoDB scenarios (no Debian package, so no testenv instance). Each rule has a positive case
// (risk present -> finding) and a negative one (hardened -> no finding); the mock's own command
// log proves that only read-only commands were sent and that the guess budget held.
#include <gtest/gtest.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <set>

#include "core/i18n.h"
#include "mock_mongodb.h"
#include "services/mongodb/checks.h"

namespace paicha::services::mongodb {
namespace {

using paicha::testing::MongoMock;
using paicha::testing::MongoMockConfig;
using paicha::testing::MongoUser;

struct Outcome {
  std::vector<Finding> findings;
  std::vector<std::string> notes;

  const Finding* find(std::string_view rule) const {
    for (const auto& f : findings)
      if (f.rule == rule) return &f;
    return nullptr;
  }
  bool has(std::string_view rule) const { return find(rule) != nullptr; }
};

struct Options {
  std::vector<std::string> users{"admin", "root"};
  std::vector<std::string> passwords{"admin", "123456", "password"};
  int max_attempts = 5;
  int concurrency = 2;
  std::optional<Credential> login;
};

Outcome audit(MongoMock& mock, const Options& options = {}) {
  AuditContext context;
  context.endpoint = mock.endpoint();
  context.asset.host = "127.0.0.1";
  context.asset.port = mock.endpoint().port();
  context.asset.service = "mongodb";
  context.asset.product = "MongoDB";
  context.timeout = Millis(2000);
  context.login = options.login;
  context.guess.users = options.users;
  context.guess.passwords = options.passwords;
  context.guess.max_attempts_per_account = options.max_attempts;
  context.guess.concurrency = options.concurrency;
  context.guess.pace = Millis(0);
  asio::io_context io;
  asio::co_spawn(io, audit_mongodb(context), [](std::exception_ptr e) {
    if (e) std::rethrow_exception(e);
  });
  io.run();
  return Outcome{context.take_findings(), context.take_notes()};
}

MongoUser account(std::string user, std::string password,
                  std::vector<std::string> roles = {"readWrite"}) {
  MongoUser u;
  u.user = std::move(user);
  u.password = std::move(password);
  for (auto& role : roles) u.roles.emplace_back(role, role == "readWrite" ? "crm" : "admin");
  return u;
}

void expect_read_only(paicha::testing::MongoMockLog& log) {
  static const std::set<std::string> allowed{"hello",          "buildInfo", "listDatabases",
                                             "getCmdLineOpts", "usersInfo", "saslStart",
                                             "saslContinue"};
  const auto commands = log.command_names();
  EXPECT_FALSE(commands.empty());
  for (const auto& command : commands) EXPECT_TRUE(allowed.count(command)) << command;
}

class MongodbAudit : public ::testing::Test {
 protected:
  void SetUp() override { set_lang(Lang::zh); }
  void TearDown() override { set_lang(Lang::zh); }
};

TEST_F(MongodbAudit, OpenServerReportsEverything) {
  MongoMockConfig config;
  config.auth = false;
  config.users = {account("root", "x", {"root"}), account("app", "y", {"root"})};
  MongoMock mock(config);
  const Outcome out = audit(mock);
  const Finding* open = out.find("mongodb.unauthorized_access");
  ASSERT_TRUE(open);
  EXPECT_NE(open->evidence.find("3 个库，共 1.5 GB"), std::string::npos) << open->evidence;
  EXPECT_EQ(open->category, "unauthorized_access");
  EXPECT_TRUE(out.has("mongodb.no_tls"));
  const Finding* audit_off = out.find("mongodb.no_audit");
  ASSERT_TRUE(audit_off);
  EXPECT_NE(audit_off->evidence.find("社区版"), std::string::npos);
  const Finding* bind = out.find("generic.listen_all_interfaces");
  ASSERT_TRUE(bind);
  EXPECT_NE(bind->evidence.find("0.0.0.0"), std::string::npos);
  const Finding* roots = out.find("mongodb.root_users");
  ASSERT_TRUE(roots);
  EXPECT_NE(roots->evidence.find("admin.app(root)"), std::string::npos) << roots->evidence;
  EXPECT_FALSE(out.has("mongodb.weak_password"));  // nothing to guess where no password is asked
  EXPECT_EQ(mock.endpoint().port(), open->port);
  expect_read_only(mock.log());
  EXPECT_EQ(mock.log().starts_for("admin"), 0);
}

TEST_F(MongodbAudit, AuthRequiredIsNotUnauthorized) {
  MongoMockConfig config;
  config.users = {account("admin", "Str0ng!Passw0rd#2024", {"root"})};
  MongoMock mock(config);
  const Outcome out = audit(mock);
  EXPECT_FALSE(out.has("mongodb.unauthorized_access"));
  EXPECT_FALSE(out.has("mongodb.weak_password"));
  // Without credentials the configuration checks cannot run, and say so.
  EXPECT_FALSE(out.has("mongodb.no_audit"));
  EXPECT_FALSE(out.notes.empty());
  expect_read_only(mock.log());
}

TEST_F(MongodbAudit, WeakPasswordFoundAndMasked) {
  MongoMockConfig config;
  config.users = {account("admin", "123456", {"root"})};
  MongoMock mock(config);
  Options options;
  options.concurrency = 1;  // with more, attempts already in flight finish after the success
  const Outcome out = audit(mock, options);
  const Finding* weak = out.find("mongodb.weak_password");
  ASSERT_TRUE(weak);
  EXPECT_EQ(weak->evidence.find("123456"), std::string::npos) << weak->evidence;
  EXPECT_NE(weak->evidence.find(mask_secret("123456")), std::string::npos) << weak->evidence;
  EXPECT_NE(weak->evidence.find("SCRAM-SHA-256"), std::string::npos);
  EXPECT_EQ(weak->evidence_key, "admin.admin");
  EXPECT_EQ(mock.log().successful_logins, 1);
  // Stops at the first success: "admin" was the second password tried.
  EXPECT_EQ(mock.log().starts_for("admin"), 2);
  // "root" does not exist: hello's saslSupportedMechs said so, and no password was sent for it.
  EXPECT_EQ(mock.log().starts_for("root"), 0);
  expect_read_only(mock.log());
}

TEST_F(MongodbAudit, BudgetIsExactPerAccount) {
  MongoMockConfig config;
  config.users = {account("admin", "not-in-the-list"), account("dba", "also-not")};
  MongoMock mock(config);
  Options options;
  options.users = {"admin", "dba"};
  options.passwords = {"a", "b", "c", "d", "e", "f", "g", "h"};
  options.max_attempts = 3;
  options.concurrency = 4;
  const Outcome out = audit(mock, options);
  EXPECT_FALSE(out.has("mongodb.weak_password"));
  EXPECT_EQ(mock.log().starts_for("admin"), 3);
  EXPECT_EQ(mock.log().starts_for("dba"), 3);
  EXPECT_EQ(mock.log().successful_logins, 0);
}

TEST_F(MongodbAudit, Sha1OnlyAccountOnOldServer) {
  MongoMockConfig config;
  config.max_wire_version = 6;  // 3.6: SCRAM-SHA-1 only, no saslSupportedMechs
  MongoUser user = account("admin", "admin");
  user.mechanisms = {"SCRAM-SHA-1"};
  config.users = {user};
  config.honour_skip_empty_exchange = false;  // 3.6 does the extra empty round trip
  MongoMock mock(config);
  const Outcome out = audit(mock);
  const Finding* weak = out.find("mongodb.weak_password");
  ASSERT_TRUE(weak);
  EXPECT_NE(weak->evidence.find("SCRAM-SHA-1"), std::string::npos);
}

TEST_F(MongodbAudit, SuppliedCredentialsOnHardenedServer) {
  MongoMockConfig config;
  config.users = {account("dba", "Very$trong-2024", {"root"}), account("app", "Other$trong-2024")};
  config.bind_ip = "127.0.0.1,10.0.0.5";
  config.audit_log = true;
  config.enterprise = true;
  MongoMock mock(config, /*tls=*/true);
  Options options;
  options.login = Credential{"dba", "Very$trong-2024", ""};
  const Outcome out = audit(mock, options);
  for (const auto& f : out.findings)
    ADD_FAILURE() << "unexpected finding " << f.rule << ": " << f.evidence;
  EXPECT_EQ(mock.log().successful_logins, 1);
  const auto commands = mock.log().command_names();
  EXPECT_NE(std::find(commands.begin(), commands.end(), "getCmdLineOpts"), commands.end());
  EXPECT_NE(std::find(commands.begin(), commands.end(), "usersInfo"), commands.end());
  expect_read_only(mock.log());
}

TEST_F(MongodbAudit, SuppliedCredentialsFindMissingAuditAndRoots) {
  MongoMockConfig config;
  config.users = {account("dba", "Very$trong-2024", {"root"}),
                  account("app", "Other$trong-2024", {"userAdminAnyDatabase"})};
  config.bind_ip_all = true;
  MongoMock mock(config);
  Options options;
  options.login = Credential{"dba", "Very$trong-2024", ""};
  options.passwords = {"123456"};
  set_lang(Lang::en);
  const Outcome out = audit(mock, options);
  ASSERT_TRUE(out.has("mongodb.no_audit"));
  EXPECT_NE(out.find("mongodb.no_audit")->evidence.find("community edition"), std::string::npos);
  ASSERT_TRUE(out.has("generic.listen_all_interfaces"));
  EXPECT_NE(out.find("generic.listen_all_interfaces")->evidence.find("bindIpAll"),
            std::string::npos);
  ASSERT_TRUE(out.has("mongodb.root_users"));
  EXPECT_NE(out.find("mongodb.root_users")->evidence.find("2 accounts"), std::string::npos);
  EXPECT_TRUE(out.has("mongodb.no_tls"));
  EXPECT_FALSE(out.has("mongodb.unauthorized_access"));
}

TEST_F(MongodbAudit, WrongSuppliedCredentialsAreNoted) {
  MongoMockConfig config;
  config.users = {account("dba", "Very$trong-2024", {"root"})};
  MongoMock mock(config);
  Options options;
  options.login = Credential{"dba", "wrong", ""};
  options.passwords = {};
  const Outcome out = audit(mock, options);
  EXPECT_FALSE(out.has("mongodb.no_audit"));
  bool noted = false;
  for (const auto& note : out.notes) noted |= note.find("dba") != std::string::npos;
  EXPECT_TRUE(noted);
  EXPECT_EQ(mock.log().starts_for("dba"), 1);  // a rejected password is not retried
}

TEST_F(MongodbAudit, SuppliedSha1OnlyAccountFallsBack) {
  MongoMockConfig config;
  MongoUser dba = account("dba", "Very$trong-2024", {"root"});
  dba.mechanisms = {"SCRAM-SHA-1"};
  config.users = {dba};
  config.audit_log = true;
  MongoMock mock(config);
  Options options;
  options.login = Credential{"dba", "Very$trong-2024", ""};
  options.passwords = {};
  const Outcome out = audit(mock, options);
  EXPECT_EQ(mock.log().successful_logins, 1);
  EXPECT_FALSE(out.has("mongodb.no_audit"));
  EXPECT_TRUE(out.has("generic.listen_all_interfaces"));
}

TEST_F(MongodbAudit, NothingListeningIsANoteNotACrash) {
  asio::ip::tcp::endpoint closed;
  {
    MongoMock mock(MongoMockConfig{});
    closed = mock.endpoint();
  }
  AuditContext context;
  context.endpoint = closed;
  context.asset.host = "127.0.0.1";
  context.asset.port = closed.port();
  context.asset.service = "mongodb";
  context.timeout = Millis(500);
  asio::io_context io;
  asio::co_spawn(io, audit_mongodb(context), asio::detached);
  io.run();
  EXPECT_TRUE(context.take_findings().empty());
  EXPECT_EQ(context.take_notes().size(), 1u);
}

}  // namespace
}  // namespace paicha::services::mongodb
