// The PostgreSQL audit against the shared test servers (scripts/testenv): postgres-trust is the
// insecure one, postgres-scram the hardened one whose log (log_statement=all, log_connections)
// proves what paicha sent. Skipped when the testenv variables are not set.
#include <gtest/gtest.h>

#include <unistd.h>
#include <chrono>
#include <thread>

#include "core/i18n.h"
#include "services/guessing.h"
#include "test_audit_postgresql_helpers.h"

namespace paicha::services::postgresql {
namespace {

using namespace testing;

std::optional<uint16_t> port_of(const char* variable) {
  auto text = env(variable);
  if (!text) return std::nullopt;
  return static_cast<uint16_t>(std::stoi(*text));
}

void settle() {
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
}

TEST(PostgresqlAuditTestenv, TrustInstanceIsWideOpen) {
  auto port = port_of("PAICHA_TE_POSTGRES_TRUST_PORT");
  if (!port) GTEST_SKIP() << "PAICHA_TE_POSTGRES_TRUST_PORT not set (scripts/testenv)";
  set_lang(Lang::zh);
  AuditContext context;
  prepare(context, *port);
  context.guess.users = {"postgres"};
  context.guess.passwords = {"postgres", "123456"};
  const AuditOutcome out = run_audit(context);
  const auto rules = out.rules();
  for (const char* rule :
       {"postgresql.trust_auth", "postgresql.no_tls", "postgresql.log_connections_off",
        "postgresql.log_statement_none", "postgresql.no_pgaudit", "postgresql.hba_password_auth"})
    EXPECT_TRUE(rules.count(rule)) << rule << "\n" << out.all_notes();
  // Under trust every password "works": guessing would only produce noise.
  for (const char* rule :
       {"postgresql.weak_password", "postgresql.tls_not_required", "postgresql.hba_open_world",
        "postgresql.too_many_superusers", "postgresql.public_schema_create",
        "generic.listen_all_interfaces", "log.retention_short"})
    EXPECT_FALSE(rules.count(rule)) << rule;
  const Finding* trust = out.find("postgresql.trust_auth");
  ASSERT_NE(trust, nullptr);
  EXPECT_NE(trust->evidence.find("个库"), std::string::npos) << trust->evidence;
  EXPECT_NE(trust->evidence.find("超级用户"), std::string::npos) << trust->evidence;
  EXPECT_EQ(trust->evidence_key, "postgres");
}

struct ScramServer {
  uint16_t port = 0;
  std::string log;
  std::string su_password;
  std::string audit_user;
  std::string audit_password;
};

std::optional<ScramServer> scram_server() {
  auto port = port_of("PAICHA_TE_POSTGRES_SCRAM_PORT");
  auto log = env("PAICHA_TE_POSTGRES_SCRAM_LOG");
  auto su = env("PAICHA_TE_POSTGRES_SCRAM_PASSWORD");
  auto user = env("PAICHA_TE_POSTGRES_AUDIT_USER");
  auto password = env("PAICHA_TE_POSTGRES_AUDIT_PASSWORD");
  if (!port || !log || !su || !user || !password) return std::nullopt;
  return ScramServer{*port, *log, *su, *user, *password};
}

TEST(PostgresqlAuditTestenv, HardenedInstanceIsQuietAndReadOnly) {
  auto server = scram_server();
  if (!server) GTEST_SKIP() << "postgres-scram variables not set (scripts/testenv)";
  set_lang(Lang::zh);
  AuditContext context;
  prepare(context, server->port);
  context.login = Credential{server->audit_user, server->audit_password, "postgres"};
  context.guess.users = {"postgres"};
  context.guess.passwords = {"postgres", "123456", "admin123"};
  context.guess.max_attempts_per_account = 3;
  const auto before = file_size(server->log);
  const AuditOutcome out = run_audit(context);
  settle();
  const std::string log = read_from(server->log, before);

  const auto rules = out.rules();
  for (const char* rule :
       {"postgresql.trust_auth", "postgresql.weak_password", "postgresql.no_tls",
        "postgresql.tls_not_required", "postgresql.log_connections_off",
        "postgresql.log_statement_none", "generic.listen_all_interfaces", "log.retention_short",
        "postgresql.too_many_superusers", "postgresql.public_schema_create"})
    EXPECT_FALSE(rules.count(rule)) << rule;
  // pg_monitor may read shared_preload_libraries (pg_read_all_settings): no pgaudit there.
  EXPECT_TRUE(rules.count("postgresql.no_pgaudit")) << out.all_notes();
  // pg_hba_file_rules needs a superuser: said, not guessed.
  EXPECT_NE(out.all_notes().find("pg_hba_file_rules"), std::string::npos) << out.all_notes();

  // Read-only, by the server's own record: every statement of the audit account is a SELECT.
  const auto statements = lines_with(log, server->audit_user + "@");
  int selects = 0;
  for (const auto& line : lines_with(log, "statement: ")) {
    if (line.find(server->audit_user + "@") == std::string::npos) continue;
    const auto at = line.find("statement: ") + 11;
    EXPECT_EQ(line.compare(at, 7, "SELECT "), 0) << line;
    ++selects;
  }
  EXPECT_GE(selects, 4);
  for (const auto& line : statements) EXPECT_EQ(line.find("ERROR"), std::string::npos) << line;
  EXPECT_GE(count_of(log, "connection authorized: user=" + server->audit_user), 1);
  // The guesses were refused and counted within the budget.
  EXPECT_LE(count_of(log, "password authentication failed for user \"postgres\""), 3);
}

TEST(PostgresqlAuditTestenv, GuessBudgetIsExactInTheServerLog) {
  auto server = scram_server();
  if (!server) GTEST_SKIP() << "postgres-scram variables not set (scripts/testenv)";
  // A role name nobody else uses, so that other tests on the shared server cannot interfere.
  const std::string user = "paicha_budget_" + std::to_string(::getpid());
  AuditContext context;
  prepare(context, server->port);
  context.guess.users = {user};
  context.guess.passwords = {"p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8"};
  context.guess.max_attempts_per_account = 3;
  context.guess.concurrency = 4;
  const auto before = file_size(server->log);
  const AuditOutcome out = run_audit(context);
  settle();
  const std::string log = read_from(server->log, before);
  EXPECT_EQ(count_of(log, "password authentication failed for user \"" + user + "\""), 3) << log;
  EXPECT_EQ(count_of(log, "connection authorized: user=" + user), 0);
  EXPECT_FALSE(out.rules().count("postgresql.weak_password"));
}

TEST(PostgresqlAuditTestenv, ScramPasswordIsFoundAndMasked) {
  auto server = scram_server();
  if (!server) GTEST_SKIP() << "postgres-scram variables not set (scripts/testenv)";
  set_lang(Lang::en);
  AuditContext context;
  prepare(context, server->port);
  context.guess.users = {"postgres"};
  // The real password stands in for a dictionary hit: this proves the SCRAM client, TLS and
  // the server-signature check against a real server.
  context.guess.passwords = {"wrong-1", server->su_password, "never-tried"};
  const AuditOutcome out = run_audit(context);
  set_lang(Lang::zh);
  const Finding* weak = out.find("postgresql.weak_password");
  ASSERT_NE(weak, nullptr) << out.all_notes();
  EXPECT_EQ(weak->evidence_key, "postgres");
  EXPECT_EQ(weak->evidence.find(server->su_password), std::string::npos);
  EXPECT_NE(weak->evidence.find(mask_secret(server->su_password)), std::string::npos)
      << weak->evidence;
}

}  // namespace
}  // namespace paicha::services::postgresql
