// SSH weak passwords against the testenv's sshd (paicha_weak/admin123 on 22 and 10022), with
// the attempt budget counted in sshd's own log (LogLevel VERBOSE), and a hardened sshd of this
// test's own (PasswordAuthentication no) as the negative case.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/i18n.h"
#include "services/ssh/checks.h"
#include "test_audit_remote_support.h"

namespace paicha::services::ssh {
namespace {

using test::find_rule;

class SshTestenv : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::testenv_available()) GTEST_SKIP() << "testenv not running (PAICHA_TESTENV_DIR)";
    set_lang(Lang::zh);
    user_ = test::env_or_empty("PAICHA_TE_SSH_WEAK_USER");
    password_ = test::env_or_empty("PAICHA_TE_SSH_WEAK_PASSWORD");
    log_ = test::env_or_empty("PAICHA_TE_SSHD_LOG");
  }
  static uint16_t port(const char* variable) {
    return static_cast<uint16_t>(std::stoi(test::env_or_empty(variable)));
  }
  std::string user_, password_, log_;
};

TEST_F(SshTestenv, FindsTheWeakPasswordAndMasksIt) {
  for (const char* variable : {"PAICHA_TE_SSHD_PORT", "PAICHA_TE_SSHD_ALT_PORT"}) {
    auto context = test::make_audit_context("ssh", port(variable));
    context->guess.users = {user_};
    context->guess.passwords = {"123456", password_, "never-tried"};
    context->guess.concurrency = 1;
    const size_t before = test::file_size_now(log_);
    const auto findings = test::run_audit(&audit_ssh, *context);
    const Finding* weak = find_rule(findings, "ssh.weak_password");
    ASSERT_NE(weak, nullptr) << variable;
    EXPECT_EQ(weak->evidence_key, user_);
    EXPECT_EQ(weak->evidence.find(password_), std::string::npos) << weak->evidence;
    EXPECT_NE(weak->evidence.find(mask_secret(password_)), std::string::npos) << weak->evidence;
    // Stopped at the first success: one failure, one success, nothing after.
    EXPECT_EQ(test::count_in_log_since(log_, before, "Failed password for " + user_), 1u);
    EXPECT_EQ(test::count_in_log_since(log_, before, "Accepted password for " + user_), 1u);
  }
}

TEST_F(SshTestenv, BudgetIsExactInTheServerLog) {
  auto context = test::make_audit_context("ssh", port("PAICHA_TE_SSHD_PORT"));
  context->guess.users = {user_};
  context->guess.passwords = {"wrong-1", "wrong-2", "wrong-3", "wrong-4", "wrong-5", password_};
  context->guess.max_attempts_per_account = 3;
  context->guess.concurrency = 3;
  const size_t before = test::file_size_now(log_);
  const auto findings = test::run_audit(&audit_ssh, *context);
  EXPECT_EQ(find_rule(findings, "ssh.weak_password"), nullptr);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // sshd's log is asynchronous
  EXPECT_EQ(test::count_in_log_since(log_, before, "Failed password for " + user_), 3u);
  EXPECT_EQ(test::count_in_log_since(log_, before, "Accepted password"), 0u);
}

TEST_F(SshTestenv, SuppliedAccountIsGuessedFirst) {
  auto context = test::make_audit_context("ssh", port("PAICHA_TE_SSHD_PORT"));
  context->login = Credential{user_, "not-the-password", {}};
  context->guess.users = {"root"};
  context->guess.passwords = {password_};
  const auto findings = test::run_audit(&audit_ssh, *context);
  const Finding* weak = find_rule(findings, "ssh.weak_password");
  ASSERT_NE(weak, nullptr);
  EXPECT_EQ(weak->evidence_key, user_);
}

TEST_F(SshTestenv, DictionaryWithoutThePasswordFindsNothing) {
  auto context = test::make_audit_context("ssh", port("PAICHA_TE_SSHD_PORT"));
  context->guess.users = {user_};
  context->guess.passwords = {"123456", "password"};
  const auto findings = test::run_audit(&audit_ssh, *context);
  EXPECT_EQ(find_rule(findings, "ssh.weak_password"), nullptr);
}

// Not a test but a measurement for bench/credentials.sh: run with
// --gtest_also_run_disabled_tests. 1,000 passwords with the right one last, budget lifted,
// 16 in flight; the same list is written for `hydra -l USER -P FILE -t 16 -s PORT 127.0.0.1 ssh`.
TEST_F(SshTestenv, DISABLED_ThroughputWithBudgetLifted) {
  std::vector<std::string> passwords;
  for (int i = 1; i < 1000; ++i) passwords.push_back("bench-wrong-" + std::to_string(i));
  passwords.push_back(password_);
  std::ofstream list("/tmp/paicha-ar-ssh-list.txt");
  for (const auto& password : passwords) list << password << "\n";
  auto context = test::make_audit_context("ssh", port("PAICHA_TE_SSHD_PORT"));
  context->guess.users = {user_};
  context->guess.passwords = passwords;
  context->guess.max_attempts_per_account = 0;
  context->guess.concurrency = 16;
  const auto start = std::chrono::steady_clock::now();
  const auto findings = test::run_audit(&audit_ssh, *context);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_NE(find_rule(findings, "ssh.weak_password"), nullptr);
  std::printf("ssh: %zu tries in %.2f s = %.0f tries/s\n", passwords.size(), seconds,
              passwords.size() / seconds);
}

// A hardened sshd (keys only) started by this test on a free port in its own directory.
class HardenedSshd {
 public:
  explicit HardenedSshd(const std::string& user) {
    dir_ = std::filesystem::temp_directory_path() / ("paicha-ar-sshd-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_);
    const std::string key = (dir_ / "host_ed25519").string();
    if (std::system(("ssh-keygen -q -t ed25519 -N '' -f " + key + " >/dev/null").c_str()) != 0)
      return;
    port_ = 20022 + static_cast<uint16_t>(getpid() % 1000);
    std::ofstream(dir_ / "sshd_config")
        << "Port " << port_ << "\nListenAddress 127.0.0.1\nHostKey " << key << "\nPidFile "
        << (dir_ / "sshd.pid").string()
        << "\nUsePAM no\nPasswordAuthentication no\nKbdInteractiveAuthentication no\n"
        << "AllowUsers " << user << "\nLogLevel VERBOSE\n";
    // sshd daemonizes and writes its pid file; the destructor stops exactly that pid.
    const std::string start = "/usr/sbin/sshd -f " + (dir_ / "sshd_config").string() + " -E " +
                              (dir_ / "sshd.log").string();
    if (std::system(start.c_str()) != 0) return;
    for (int i = 0; i < 50 && !ready(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ~HardenedSshd() {
    std::ifstream pid_file(dir_ / "sshd.pid");
    pid_t pid = 0;
    if (pid_file >> pid && pid > 1) kill(pid, SIGTERM);
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  bool ready() const {
    std::ifstream log(dir_ / "sshd.log");
    std::string text((std::istreambuf_iterator<char>(log)), {});
    return text.find("Server listening") != std::string::npos;
  }
  uint16_t port() const { return port_; }
  std::string log() const { return test::read_file_text((dir_ / "sshd.log").string()); }

 private:
  std::filesystem::path dir_;
  uint16_t port_ = 0;
};

TEST_F(SshTestenv, KeysOnlyServerIsNotGuessed) {
  if (access("/usr/sbin/sshd", X_OK) != 0 || geteuid() != 0) GTEST_SKIP() << "needs root sshd";
  HardenedSshd sshd(user_);
  ASSERT_TRUE(sshd.ready()) << sshd.log();
  auto context = test::make_audit_context("ssh", sshd.port());
  context->guess.users = {user_};
  context->guess.passwords = {password_};
  const auto findings = test::run_audit(&audit_ssh, *context);
  EXPECT_EQ(find_rule(findings, "ssh.weak_password"), nullptr);
  const auto notes = context->take_notes();
  ASSERT_EQ(notes.size(), 1u);
  EXPECT_NE(notes[0].find("未猜测口令"), std::string::npos) << notes[0];
  EXPECT_EQ(sshd.log().find("Failed password"), std::string::npos);
}

}  // namespace
}  // namespace paicha::services::ssh
