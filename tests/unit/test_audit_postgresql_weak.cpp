// The PostgreSQL audit against a deliberately weak server that this test starts itself (the
// shared testenv has no such instance): md5 and cleartext password methods with dictionary
// passwords, pg_hba open to 0.0.0.0/0 without hostssl, TLS on but optional, three superusers,
// CREATE on schema public for PUBLIC, weekday log files truncated on rotation. It listens on
// 127.0.0.1 only. Needs root (the server runs as the postgres OS user), the PostgreSQL 15
// binaries and the testenv's initdb cache; skipped otherwise.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/i18n.h"
#include "test_audit_postgresql_helpers.h"

namespace paicha::services::postgresql {
namespace {

using namespace testing;
namespace fs = std::filesystem;

constexpr uint16_t kPort = 25433;
const char* const kBin = "/usr/lib/postgresql/15/bin";
const char* const kTemplate = "/var/tmp/paicha-testenv-cache/postgres-15.18/data";

int run(const std::string& command) {
  return std::system(command.c_str());
}

class PostgresqlWeakServer : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto tls_dir = env("PAICHA_TESTENV_DIR");
    if (::geteuid() != 0 || !fs::exists(kTemplate) ||
        !fs::exists(std::string(kBin) + "/postgres") || !tls_dir) {
      skip_reason_ = "needs root, PostgreSQL 15 and the testenv (PAICHA_TESTENV_DIR)";
      return;
    }
    dir_ = "/tmp/paicha-apg-weak-" + std::to_string(::getpid());
    const std::string data = dir_ + "/data";
    fs::create_directories(dir_);
    run("cp -a " + std::string(kTemplate) + " " + data);
    run("install -m 600 " + *tls_dir + "/tls/key.pem " + data + "/server.key");
    run("install -m 644 " + *tls_dir + "/tls/cert.pem " + data + "/server.crt");
    {
      std::ofstream conf(data + "/postgresql.conf", std::ios::app);
      conf << "\nlisten_addresses = '127.0.0.1'\nport = " << kPort
           << "\nunix_socket_directories = '" << dir_
           << "'\nmax_connections = 30\nshared_buffers = 16MB\nfsync = off\n"
              "ssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n"
              "password_encryption = 'md5'\nlogging_collector = on\nlog_directory = 'log'\n"
              "log_filename = 'postgresql-%a.log'\nlog_truncate_on_rotation = on\n"
              "log_rotation_age = 1d\n";
    }
    {
      std::ofstream hba(data + "/pg_hba.conf", std::ios::trunc);
      hba << "local all all trust\n"
             "host all paicha_clear 127.0.0.1/32 password\n"
             "host all all 0.0.0.0/0 md5\n";
    }
    {
      std::ofstream sql(dir_ + "/setup.sql");
      sql << "ALTER ROLE postgres PASSWORD 'admin123'\n"
             "CREATE ROLE paicha_clear LOGIN PASSWORD 'qwe123'\n"
             "CREATE ROLE paicha_su2 SUPERUSER LOGIN PASSWORD 'Vq8-not-in-any-dictionary-2'\n"
             "CREATE ROLE paicha_su3 SUPERUSER LOGIN PASSWORD 'Vq8-not-in-any-dictionary-3'\n"
             "GRANT CREATE ON SCHEMA public TO PUBLIC\n";
    }
    run("chown -R postgres:postgres " + dir_);
    const std::string as_postgres = "runuser -u postgres -- ";
    if (run(as_postgres + kBin + "/postgres --single -D " + data + " postgres < " + dir_ +
            "/setup.sql > " + dir_ + "/single.log 2>&1") != 0 ||
        !launch(data)) {
      skip_reason_ = "could not start the weak PostgreSQL server (see " + dir_ + ")";
      return;
    }
    started_ = true;
  }

  // pg_ctl needs a writable /dev/null, which this machine's sandbox may not give the postgres
  // user; so the postmaster is started directly and stopped by the pid in postmaster.pid.
  static bool launch(const std::string& data) {
    std::ofstream(dir_ + "/stdin").flush();
    run("runuser -u postgres -- " + std::string(kBin) + "/postgres -D " + data + " < " + dir_ +
        "/stdin > " + dir_ + "/server.log 2>&1 &");
    for (int i = 0; i < 300; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      std::ifstream pid_file(data + "/postmaster.pid");
      std::string pid, ignored, ready;
      for (int line = 0; line < 8 && std::getline(pid_file, line == 0 ? pid : ready); ++line) {
      }
      if (!pid.empty() && ready.find("ready") != std::string::npos) {
        postmaster_pid_ = std::stoi(pid);
        return true;
      }
    }
    return false;
  }

  static void TearDownTestSuite() {
    if (dir_.empty() || !started_) return;  // a failed start is kept for inspection
    // SIGINT: PostgreSQL's fast shutdown.
    if (postmaster_pid_ > 0 && ::kill(postmaster_pid_, SIGINT) == 0) {
      for (int i = 0; i < 100 && ::kill(postmaster_pid_, 0) == 0; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  void SetUp() override {
    if (!started_) GTEST_SKIP() << skip_reason_;
  }

  static inline std::string dir_;
  static inline bool started_ = false;
  static inline int postmaster_pid_ = 0;
  static inline std::string skip_reason_;
};

TEST_F(PostgresqlWeakServer, EveryWeaknessIsReported) {
  set_lang(Lang::zh);
  AuditContext context;
  prepare(context, kPort);
  context.login = Credential{"postgres", "admin123", "postgres"};
  context.guess.users = {"postgres"};
  context.guess.passwords = {"123456", "admin123", "never-tried"};
  const AuditOutcome out = run_audit(context);
  const auto rules = out.rules();
  for (const char* rule :
       {"postgresql.weak_password", "postgresql.tls_not_required", "postgresql.hba_open_world",
        "postgresql.hba_password_auth", "postgresql.too_many_superusers",
        "postgresql.public_schema_create", "log.retention_short", "postgresql.log_connections_off",
        "postgresql.log_statement_none", "postgresql.no_pgaudit"})
    EXPECT_TRUE(rules.count(rule)) << rule << "\n" << out.all_notes();
  for (const char* rule :
       {"postgresql.trust_auth", "postgresql.no_tls", "generic.listen_all_interfaces"})
    EXPECT_FALSE(rules.count(rule)) << rule;

  const Finding* weak = out.find("postgresql.weak_password");
  ASSERT_NE(weak, nullptr);
  EXPECT_EQ(weak->evidence.find("admin123"), std::string::npos);
  EXPECT_NE(weak->evidence.find("ad****23"), std::string::npos) << weak->evidence;

  const Finding* retention = out.find("log.retention_short");
  ASSERT_NE(retention, nullptr);
  EXPECT_NE(retention->evidence.find("7 天"), std::string::npos) << retention->evidence;

  const Finding* plaintext = out.find("postgresql.tls_not_required");
  ASSERT_NE(plaintext, nullptr);
  EXPECT_NE(plaintext->evidence.find("0.0.0.0/0"), std::string::npos) << plaintext->evidence;

  int open_world = 0;
  for (const auto& f : out.findings) open_world += f.rule == "postgresql.hba_open_world";
  EXPECT_EQ(open_world, 1);  // only "host all all 0.0.0.0/0 md5"
  const Finding* superusers = out.find("postgresql.too_many_superusers");
  ASSERT_NE(superusers, nullptr);
  EXPECT_NE(superusers->evidence.find("paicha_su3"), std::string::npos);
}

TEST_F(PostgresqlWeakServer, CleartextPasswordMethodIsGuessedToo) {
  AuditContext context;
  prepare(context, kPort);
  context.guess.users = {"paicha_clear"};
  context.guess.passwords = {"123456", "qwe123"};
  const AuditOutcome out = run_audit(context);
  const Finding* weak = out.find("postgresql.weak_password");
  ASSERT_NE(weak, nullptr) << out.all_notes();
  EXPECT_EQ(weak->evidence_key, "paicha_clear");
  // Without --creds the settings stay unread, and the audit says so.
  EXPECT_FALSE(out.rules().count("postgresql.log_statement_none"));
  EXPECT_NE(out.all_notes().find("--creds"), std::string::npos);
}

}  // namespace
}  // namespace paicha::services::postgresql
