// audit_mysql against the real MariaDB servers of scripts/testenv (skipped without them):
// findings on the insecure and the hardened instance, read-only proved by the general log,
// the attempt budget proved by the servers' own logs, and no handshake ever aborted.
#include <gtest/gtest.h>
#include <mysql.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/thread_pool.hpp>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <optional>
#include <regex>
#include <set>
#include <sstream>

#include "core/i18n.h"
#include "net/connection.h"
#include "services/guessing.h"
#include "services/mysql/checks.h"
#include "services/mysql/login.h"

namespace paicha::services::mysql {
namespace {

std::optional<std::string> env(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (!value) return std::nullopt;
  return std::string(value);
}

struct Instance {
  uint16_t port = 0;
};

std::optional<Instance> instance(const std::string& prefix) {
  if (!env("PAICHA_TESTENV_DIR")) return std::nullopt;
  auto port = env(prefix + "_PORT");
  if (!port) return std::nullopt;
  return Instance{static_cast<uint16_t>(std::stoi(*port))};
}

asio::ip::tcp::endpoint endpoint(uint16_t port) {
  return {asio::ip::make_address("127.0.0.1"), port};
}

struct AuditRun {
  std::vector<Finding> findings;
  std::vector<std::string> notes;
  bool has(std::string_view rule) const { return find(rule) != nullptr; }
  const Finding* find(std::string_view rule) const {
    for (const auto& f : findings)
      if (f.rule == rule) return &f;
    return nullptr;
  }
  std::string describe() const {
    std::string out;
    for (const auto& f : findings) out += f.rule + " [" + f.evidence_key + "] " + f.evidence + "\n";
    for (const auto& n : notes) out += "note: " + n + "\n";
    return out;
  }
};

struct Options {
  std::optional<Credential> login;
  std::vector<std::string> users = {"root", "admin"};
  std::vector<std::string> passwords = {"", "123456", "admin", "admin123"};
  int max_attempts = 5;
  int concurrency = 4;
};

AuditRun run_audit(uint16_t port, const Options& options) {
  asio::io_context io;
  asio::thread_pool pool(2);
  AuditContext context;
  context.asset.host = "127.0.0.1";
  context.asset.port = port;
  context.asset.service = "mysql";
  context.asset.product = "MariaDB";
  context.endpoint = endpoint(port);
  context.login = options.login;
  context.guess.users = options.users;
  context.guess.passwords = options.passwords;
  context.guess.max_attempts_per_account = options.max_attempts;
  context.guess.pace = Millis(0);
  context.guess.concurrency = options.concurrency;
  context.timeout = Millis(3000);
  context.tls_context = net::make_inspection_tls_context();
  context.blocking_pool = &pool;
  std::exception_ptr failure;
  asio::co_spawn(io, audit_mysql(context), [&](std::exception_ptr e) { failure = e; });
  io.run();
  pool.join();
  if (failure) std::rethrow_exception(failure);
  return {context.take_findings(), context.take_notes()};
}

LoginReport run_login(uint16_t port, const std::string& user, const std::string& password,
                      TlsMode mode = TlsMode::prefer) {
  asio::io_context io;
  auto tls = net::make_inspection_tls_context();
  LoginReport report;
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> {
        report = co_await login(endpoint(port), user, password, mode, tls.get(), Millis(3000));
      },
      asio::detached);
  io.run();
  return report;
}

// Test harness statements (not paicha's): toggling the general log, reading counters.
std::optional<std::string> admin_query(uint16_t port, const std::string& user,
                                       const std::string& password, const std::string& sql) {
  MYSQL* m = mysql_init(nullptr);
  const unsigned protocol = MYSQL_PROTOCOL_TCP;
  mysql_options(m, MYSQL_OPT_PROTOCOL, &protocol);
  std::optional<std::string> value;
  if (mysql_real_connect(m, "127.0.0.1", user.c_str(), password.c_str(), nullptr, port, nullptr,
                         0) &&
      mysql_query(m, sql.c_str()) == 0) {
    value = "";
    if (MYSQL_RES* result = mysql_store_result(m)) {
      if (MYSQL_ROW row = mysql_fetch_row(result))
        value = row[mysql_num_fields(result) - 1] ? row[mysql_num_fields(result) - 1] : "";
      mysql_free_result(result);
    }
  }
  mysql_close(m);
  return value;
}

std::string read_from(const std::string& path, std::streamoff offset) {
  std::ifstream in(path, std::ios::binary);
  in.seekg(offset);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::streamoff file_size(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  return in ? static_cast<std::streamoff>(in.tellg()) : 0;
}

int count_occurrences(const std::string& text, const std::string& needle) {
  int n = 0;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

class MysqlLive : public ::testing::Test {
 protected:
  void SetUp() override { set_lang(Lang::en); }
  void TearDown() override { set_lang(Lang::zh); }
};

#define REQUIRE_INSTANCE(var, prefix) \
  auto var = instance(prefix);        \
  if (!var) GTEST_SKIP() << prefix "_PORT not set (testenv not running)"

TEST_F(MysqlLive, AnonInstanceWithoutCredentials) {
  REQUIRE_INSTANCE(anon, "PAICHA_TE_MARIADB_ANON");
  const AuditRun run = run_audit(anon->port, {});
  SCOPED_TRACE(run.describe());
  ASSERT_TRUE(run.has("mysql.empty_root_password"));
  EXPECT_EQ(run.find("mysql.empty_root_password")->evidence_key, "root");
  EXPECT_NE(run.find("mysql.empty_root_password")->evidence.find("it reaches"), std::string::npos);
  EXPECT_TRUE(run.has("mysql.anonymous_user"));
  EXPECT_TRUE(run.has("mysql.no_tls"));
  // root is reported as open, not as "weak"; the anonymous account makes "" meaningless.
  EXPECT_FALSE(run.has("mysql.weak_password"));
  EXPECT_FALSE(run.has("mysql.tls_not_required"));
  EXPECT_FALSE(run.has("mysql.no_audit"));  // needs --creds
}

TEST_F(MysqlLive, AnonInstanceWithCredentials) {
  REQUIRE_INSTANCE(anon, "PAICHA_TE_MARIADB_ANON");
  Options options;
  options.login = Credential{"root", "", {}};
  const AuditRun run = run_audit(anon->port, options);
  SCOPED_TRACE(run.describe());
  ASSERT_TRUE(run.has("mysql.remote_root"));
  EXPECT_EQ(run.find("mysql.remote_root")->evidence_key, "root@%");
  ASSERT_TRUE(run.has("mysql.wildcard_host_global_priv"));
  EXPECT_EQ(run.find("mysql.wildcard_host_global_priv")->evidence_key, "root@%");
  ASSERT_TRUE(run.has("mysql.no_audit"));
  EXPECT_NE(run.find("mysql.no_audit")->evidence.find("general_log=OFF"), std::string::npos);
  ASSERT_TRUE(run.has("mysql.anonymous_user"));
  EXPECT_NE(run.find("mysql.anonymous_user")->evidence.find("2 anonymous"), std::string::npos);
  EXPECT_FALSE(run.has("generic.listen_all_interfaces"));  // bind-address = 127.0.0.1
  EXPECT_FALSE(run.has("log.retention_short"));            // skip-log-bin
}

TEST_F(MysqlLive, SecureInstanceWithoutCredentials) {
  REQUIRE_INSTANCE(secure, "PAICHA_TE_MARIADB_SECURE");
  const AuditRun run = run_audit(secure->port, {});
  SCOPED_TRACE(run.describe());
  EXPECT_TRUE(run.findings.empty());
}

TEST_F(MysqlLive, SecureInstanceWithAuditCredentials) {
  REQUIRE_INSTANCE(secure, "PAICHA_TE_MARIADB_SECURE");
  auto user = env("PAICHA_TE_MARIADB_AUDIT_USER");
  auto password = env("PAICHA_TE_MARIADB_AUDIT_PASSWORD");
  if (!user || !password) GTEST_SKIP() << "PAICHA_TE_MARIADB_AUDIT_USER/_PASSWORD not set";
  Options options;
  options.login = Credential{*user, *password, {}};
  const AuditRun run = run_audit(secure->port, options);
  SCOPED_TRACE(run.describe());
  EXPECT_TRUE(run.findings.empty());
  for (const auto& note : run.notes) EXPECT_EQ(note.find("failed"), std::string::npos) << note;
  // A plaintext login with the same account is refused (require_secure_transport=ON).
  EXPECT_NE(run_login(secure->port, *user, *password, TlsMode::never).status, LoginStatus::success);
  EXPECT_EQ(run_login(secure->port, *user, *password).status, LoginStatus::success);
}

TEST_F(MysqlLive, GuessingOverTlsFindsRootAndMasksIt) {
  REQUIRE_INSTANCE(secure, "PAICHA_TE_MARIADB_SECURE");
  auto root_password = env("PAICHA_TE_MARIADB_SECURE_ROOT_PASSWORD");
  if (!root_password) GTEST_SKIP() << "PAICHA_TE_MARIADB_SECURE_ROOT_PASSWORD not set";
  Options options;
  options.users = {"root"};
  options.passwords = {"123456", "root", *root_password, "never-reached"};
  const AuditRun run = run_audit(secure->port, options);
  SCOPED_TRACE(run.describe());
  const Finding* weak = run.find("mysql.weak_password");
  ASSERT_NE(weak, nullptr);
  EXPECT_EQ(weak->evidence_key, "root");
  EXPECT_EQ(weak->evidence.find(*root_password), std::string::npos);
  EXPECT_NE(weak->evidence.find(mask_secret(*root_password)), std::string::npos);
  // The found password is then used for the plaintext test, which the server refuses.
  EXPECT_FALSE(run.has("mysql.tls_not_required"));
}

// Exact budget, counted by the server_audit plugin of the secure instance.
TEST_F(MysqlLive, BudgetIsExactInServerAuditLog) {
  REQUIRE_INSTANCE(secure, "PAICHA_TE_MARIADB_SECURE");
  auto log = env("PAICHA_TE_MARIADB_SECURE_AUDIT_LOG");
  if (!log) GTEST_SKIP() << "PAICHA_TE_MARIADB_SECURE_AUDIT_LOG not set";
  const std::streamoff before = file_size(*log);
  Options options;
  options.users = {"paicha_budget_s"};
  options.passwords = {"a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9", "a10"};
  options.max_attempts = 3;
  run_audit(secure->port, options);
  const std::string added = read_from(*log, before);
  // One FAILED_CONNECT with "access denied" (1045) per attempt, and nothing else.
  EXPECT_EQ(count_occurrences(added, ",paicha_budget_s,127.0.0.1,"), 3 * 2)
      << added;  // + DISCONNECT
  std::regex failed(",paicha_budget_s,127\\.0\\.0\\.1,\\d+,\\d+,FAILED_CONNECT,[^,]*,[^,]*,(\\d+)");
  int failures = 0;
  for (auto it = std::sregex_iterator(added.begin(), added.end(), failed);
       it != std::sregex_iterator(); ++it) {
    ++failures;
    EXPECT_EQ((*it)[1], "1045");
  }
  EXPECT_EQ(failures, 3);
}

// Read-only and exact budget, proved by mariadb-anon's general log, which the test turns on
// for the duration (the harness, not paicha, changes this setting).
TEST_F(MysqlLive, ReadOnlyAndBudgetInGeneralLog) {
  REQUIRE_INSTANCE(anon, "PAICHA_TE_MARIADB_ANON");
  auto log = env("PAICHA_TE_MARIADB_ANON_GENERAL_LOG");
  if (!log) GTEST_SKIP() << "PAICHA_TE_MARIADB_ANON_GENERAL_LOG not set";
  const auto was_on = admin_query(anon->port, "root", "", "SELECT @@general_log");
  ASSERT_TRUE(was_on);
  ASSERT_TRUE(admin_query(anon->port, "root", "", "SET GLOBAL general_log = ON"));
  const std::streamoff before = file_size(*log);
  Options options;
  options.login = Credential{"root", "", {}};
  options.users = {"root", "paicha_budget_g"};
  options.passwords = {"b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8"};
  options.max_attempts = 3;
  const AuditRun run = run_audit(anon->port, options);
  const std::string added = read_from(*log, before);
  if (*was_on == "0") admin_query(anon->port, "root", "", "SET GLOBAL general_log = OFF");
  SCOPED_TRACE(run.describe());
  ASSERT_TRUE(run.has("mysql.no_audit"));  // the queries did run

  std::istringstream lines(added);
  std::string line;
  int queries = 0;
  const std::regex allowed(
      "^(SELECT |SHOW GLOBAL VARIABLES |START TRANSACTION READ ONLY$|ROLLBACK$)");
  const std::regex harness("^(SET GLOBAL general_log|SELECT @@general_log)");
  while (std::getline(lines, line)) {
    const size_t at = line.find(" Query\t");
    if (at == std::string::npos) continue;
    const std::string statement = line.substr(at + 7);
    if (std::regex_search(statement, harness)) continue;
    ++queries;
    EXPECT_TRUE(std::regex_search(statement, allowed)) << "not read-only: " << statement;
  }
  EXPECT_GE(queries, 5);
  // Connect lines name the account: exactly the budget for the unknown account.
  EXPECT_EQ(count_occurrences(added, "Connect\tpaicha_budget_g@"), 3) << added;
}

// Many rejected logins never abort a handshake: the server's own counter of connections
// aborted before authentication (what max_connect_errors counts) does not move, and a good
// login still works afterwards (no FLUSH HOSTS: paicha changes nothing).
TEST_F(MysqlLive, RejectedLoginsNeverAbortAHandshake) {
  REQUIRE_INSTANCE(anon, "PAICHA_TE_MARIADB_ANON");
  const auto max_errors = admin_query(anon->port, "root", "", "SELECT @@max_connect_errors");
  ASSERT_TRUE(max_errors);
  const int attempts = std::stoi(*max_errors) + 10;
  const auto preauth_before =
      admin_query(anon->port, "root", "", "SHOW GLOBAL STATUS LIKE 'Aborted_connects_preauth'");
  for (int i = 0; i < attempts; ++i) {
    const LoginReport report = run_login(anon->port, "paicha_nobody", "wrong-" + std::to_string(i));
    ASSERT_EQ(report.status, LoginStatus::rejected) << i << ": " << report.detail;
  }
  const auto preauth_after =
      admin_query(anon->port, "root", "", "SHOW GLOBAL STATUS LIKE 'Aborted_connects_preauth'");
  EXPECT_EQ(run_login(anon->port, "root", "").status, LoginStatus::success);
  // Other engineers' identification probes may abort handshakes at the same time on this
  // shared server; allow a little noise but never one per attempt.
  ASSERT_TRUE(preauth_before && preauth_after);
  EXPECT_LT(std::stoi(*preauth_after) - std::stoi(*preauth_before), 5);
}

// An extra instance, when started (see the report to the lead): TLS offered but not required,
// binlog kept 7 days, a weak account admin/123456. Env: PAICHA_TE_MARIADB_WEAK_PORT,
// PAICHA_TE_MARIADB_WEAK_AUDIT_USER/_PASSWORD.
TEST_F(MysqlLive, WeakInstance) {
  REQUIRE_INSTANCE(weak, "PAICHA_TE_MARIADB_WEAK");
  auto user = env("PAICHA_TE_MARIADB_WEAK_AUDIT_USER");
  auto password = env("PAICHA_TE_MARIADB_WEAK_AUDIT_PASSWORD");
  if (!user || !password) GTEST_SKIP() << "PAICHA_TE_MARIADB_WEAK_AUDIT_USER/_PASSWORD not set";
  const auto preauth_before = admin_query(weak->port, *user, *password,
                                          "SHOW GLOBAL STATUS LIKE 'Aborted_connects_preauth'");
  Options options;
  options.login = Credential{*user, *password, {}};
  options.users = {"root", "admin"};
  options.passwords = {"", "123456", "admin", "admin123", "root"};
  const AuditRun run = run_audit(weak->port, options);
  const auto preauth_after = admin_query(weak->port, *user, *password,
                                         "SHOW GLOBAL STATUS LIKE 'Aborted_connects_preauth'");
  SCOPED_TRACE(run.describe());
  EXPECT_TRUE(run.has("mysql.tls_not_required"));
  EXPECT_TRUE(run.has("log.retention_short"));
  ASSERT_TRUE(run.has("mysql.weak_password"));
  EXPECT_EQ(run.find("mysql.weak_password")->evidence_key, "admin");
  EXPECT_NE(run.find("mysql.weak_password")->evidence.find(mask_secret("123456")),
            std::string::npos);
  EXPECT_FALSE(run.has("mysql.no_tls"));
  EXPECT_FALSE(run.has("mysql.empty_root_password"));
  EXPECT_FALSE(run.has("mysql.anonymous_user"));
  EXPECT_TRUE(run.has("mysql.wildcard_host_global_priv"));  // admin@'%' with global SELECT
  // Nobody else uses this instance: the count must not move at all.
  ASSERT_TRUE(preauth_before && preauth_after);
  EXPECT_EQ(*preauth_before, *preauth_after);
}

}  // namespace
}  // namespace paicha::services::mysql

namespace paicha::services::mysql {
namespace {

// Throughput of the guessing path (not a pass/fail timing): 1,000 passwords, the right one last,
// concurrency 16, budget lifted. Runs only with PAICHA_MYSQL_BENCH_PORT/_USER/_PASSWORD set;
// PAICHA_MYSQL_BENCH_PLAINTEXT=1 stays off TLS even when the server offers it.
TEST(MysqlBench, GuessThroughput) {
  auto port = env("PAICHA_MYSQL_BENCH_PORT");
  auto user = env("PAICHA_MYSQL_BENCH_USER");
  auto password = env("PAICHA_MYSQL_BENCH_PASSWORD");
  if (!port || !user || !password) GTEST_SKIP() << "PAICHA_MYSQL_BENCH_* not set";
  const TlsMode mode = env("PAICHA_MYSQL_BENCH_PLAINTEXT") ? TlsMode::never : TlsMode::prefer;
  asio::io_context io;
  AuditContext context;
  context.endpoint = endpoint(static_cast<uint16_t>(std::stoi(*port)));
  context.guess.users = {*user};
  for (int i = 0; i < 999; ++i) context.guess.passwords.push_back("wrong-" + std::to_string(i));
  context.guess.passwords.push_back(*password);
  context.guess.max_attempts_per_account = 0;
  context.guess.pace = Millis(0);
  context.guess.concurrency = 16;
  context.tls_context = net::make_inspection_tls_context();
  TryLogin try_login = [&](const std::string& u,
                           const std::string& p) -> asio::awaitable<LoginResult> {
    LoginReport report =
        co_await login(context.endpoint, u, p, mode, context.tls_context.get(), Millis(3000));
    LoginOutcome outcome = report.status == LoginStatus::success    ? LoginOutcome::success
                           : report.status == LoginStatus::rejected ? LoginOutcome::rejected
                                                                    : LoginOutcome::error;
    co_return LoginResult{outcome, report.detail};
  };
  GuessResult result;
  const auto start = std::chrono::steady_clock::now();
  asio::co_spawn(
      io,
      [&]() -> asio::awaitable<void> { result = co_await guess_credentials(context, try_login); },
      asio::detached);
  io.run();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(result.found) << result.detail;
  EXPECT_EQ(result.found->password, *password);
  std::printf("mysql guessing: %d attempts in %.3f s = %.0f tries/s (%s)\n", result.attempts,
              seconds, result.attempts / seconds, mode == TlsMode::never ? "plaintext" : "TLS");
}

}  // namespace
}  // namespace paicha::services::mysql
