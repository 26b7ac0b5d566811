// FTP checks: the reply parser and passive-port parsers (pure), then the checks against the
// testenv's vsftpd instances (ftp-anon: anonymous + no TLS; ftp-secure: TLS forced for logins,
// paicha_weak/admin123), with the attempt budget counted in vsftpd's own protocol log.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/i18n.h"
#include "services/ftp/checks.h"
#include "services/ftp/session.h"
#include "test_audit_remote_support.h"

namespace paicha::services::ftp {
namespace {

using test::find_rule;

TEST(FtpReply, ParsesSingleAndMultiLineReplies) {
  FtpReply reply;
  size_t consumed = 0;
  const std::string bytes = "211-Features:\r\n AUTH TLS\r\n211-EPSV\r\n211 End\r\n150 next";
  ASSERT_EQ(parse_reply(bytes, reply, consumed), ReplyState::complete);
  EXPECT_EQ(reply.code, 211);
  ASSERT_EQ(reply.lines.size(), 4u);
  EXPECT_EQ(reply.lines[1], " AUTH TLS");
  EXPECT_EQ(reply.lines[2], "EPSV");
  EXPECT_EQ(reply.lines[3], "End");
  EXPECT_EQ(bytes.substr(consumed), "150 next");

  ASSERT_EQ(parse_reply("230 Login successful.\n", reply, consumed), ReplyState::complete);
  EXPECT_EQ(reply.code, 230);
  EXPECT_EQ(reply.summary(), "230 Login successful.");
}

TEST(FtpReply, WaitsForTheLastLineAndRejectsGarbage) {
  FtpReply reply;
  size_t consumed = 0;
  EXPECT_EQ(parse_reply("220-hello\r\n220-more\r\n", reply, consumed), ReplyState::incomplete);
  EXPECT_EQ(parse_reply("22", reply, consumed), ReplyState::incomplete);
  EXPECT_EQ(parse_reply("SSH-2.0-OpenSSH\r\n", reply, consumed), ReplyState::malformed);
  EXPECT_EQ(parse_reply("2x0 hi\r\n", reply, consumed), ReplyState::malformed);
  EXPECT_EQ(parse_reply("220_hi\r\n", reply, consumed), ReplyState::malformed);
  EXPECT_EQ(parse_reply(std::string(70000, '2'), reply, consumed), ReplyState::malformed);
}

TEST(FtpPassive, ReadsThePortNotTheAddress) {
  EXPECT_EQ(parse_pasv_port("Entering Passive Mode (10,1,2,3,156,64)."), 156 * 256 + 64);
  EXPECT_EQ(parse_pasv_port("=127,0,0,1,4,1"), 1025);
  EXPECT_FALSE(parse_pasv_port("Entering Passive Mode (1,2,3,4,300,1)"));
  EXPECT_FALSE(parse_pasv_port("Entering Passive Mode (1,2,3,4,5)"));
  EXPECT_FALSE(parse_pasv_port("(1,2,3,4,-5,1)"));
  EXPECT_EQ(parse_epsv_port("Entering Extended Passive Mode (|||40012|)"), 40012);
  EXPECT_FALSE(parse_epsv_port("Entering Extended Passive Mode (|||70000|)"));
  EXPECT_FALSE(parse_epsv_port("(||||)"));
  EXPECT_FALSE(parse_epsv_port("no parenthesis"));
}

TEST(FtpArguments, RefuseCommandInjection) {
  EXPECT_TRUE(unsafe_argument("root\r\nDELE x"));
  EXPECT_TRUE(unsafe_argument(std::string("a\0b", 3)));
  EXPECT_FALSE(unsafe_argument("P@ss w0rd!"));
}

class FtpTestenv : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::testenv_available()) GTEST_SKIP() << "testenv not running (PAICHA_TESTENV_DIR)";
    set_lang(Lang::zh);
  }
  static uint16_t port(const char* variable) {
    return static_cast<uint16_t>(std::stoi(test::env_or_empty(variable)));
  }
};

TEST_F(FtpTestenv, AnonymousServerReportsAnonymousLoginAndNoTls) {
  auto context = test::make_audit_context("ftp", port("PAICHA_TE_FTP_ANON_PORT"));
  context->guess.users = {"paicha_weak"};
  context->guess.passwords = {"admin123"};
  const std::string log = test::env_or_empty("PAICHA_TE_FTP_ANON_LOG");
  const size_t before = test::file_size_now(log);
  const auto findings = test::run_audit(&audit_ftp, *context);

  const Finding* anonymous = find_rule(findings, "ftp.anonymous_login");
  ASSERT_NE(anonymous, nullptr);
  EXPECT_NE(anonymous->evidence.find("1 个条目"), std::string::npos) << anonymous->evidence;
  ASSERT_NE(find_rule(findings, "ftp.no_tls"), nullptr);
  EXPECT_EQ(find_rule(findings, "ftp.weak_password"), nullptr);
  // Read-only: nothing but login, listing and session commands reached the server.
  const std::string sent = test::read_file_text(log).substr(before);
  for (const char* write : {"STOR", "DELE", "MKD", "RMD", "RNFR", "APPE", "SITE", "RETR"})
    EXPECT_EQ(sent.find(std::string("\"") + write), std::string::npos) << write;
}

TEST_F(FtpTestenv, TlsOnlyServerFindsWeakPasswordOverTls) {
  auto context = test::make_audit_context("ftp", port("PAICHA_TE_FTP_SECURE_PORT"));
  const std::string user = test::env_or_empty("PAICHA_TE_SSH_WEAK_USER");
  const std::string password = test::env_or_empty("PAICHA_TE_SSH_WEAK_PASSWORD");
  context->guess.users = {"anonymous", user};
  context->guess.passwords = {"123456", password, "never-tried"};
  const auto findings = test::run_audit(&audit_ftp, *context);

  const Finding* weak = find_rule(findings, "ftp.weak_password");
  ASSERT_NE(weak, nullptr);
  EXPECT_EQ(weak->evidence_key, user);
  EXPECT_EQ(weak->evidence.find(password), std::string::npos) << weak->evidence;
  EXPECT_NE(weak->evidence.find(mask_secret(password)), std::string::npos) << weak->evidence;
  EXPECT_EQ(find_rule(findings, "ftp.anonymous_login"), nullptr);
  EXPECT_EQ(find_rule(findings, "ftp.no_tls"), nullptr);
}

TEST_F(FtpTestenv, BudgetIsExactInTheServerLog) {
  auto context = test::make_audit_context("ftp", port("PAICHA_TE_FTP_SECURE_PORT"));
  context->guess.users = {test::env_or_empty("PAICHA_TE_SSH_WEAK_USER")};
  context->guess.passwords = {"wrong-1", "wrong-2", "wrong-3", "wrong-4", "wrong-5"};
  context->guess.max_attempts_per_account = 3;
  context->guess.concurrency = 2;
  const std::string log = test::env_or_empty("PAICHA_TE_FTP_SECURE_LOG");
  const size_t before = test::file_size_now(log);
  const auto findings = test::run_audit(&audit_ftp, *context);
  EXPECT_EQ(find_rule(findings, "ftp.weak_password"), nullptr);
  EXPECT_EQ(test::count_in_log_since(log, before, "\"PASS "), 3u);
}

// A vsftpd of this test's own that offers AUTH TLS but does not require it (the testenv has
// none): the ftp-secure configuration with force_local_logins_ssl=NO, on a free port.
class OptionalTlsVsftpd {
 public:
  OptionalTlsVsftpd() {
    const std::string te = test::env_or_empty("PAICHA_TESTENV_DIR");
    dir_ = std::filesystem::temp_directory_path() / ("paicha-ar-ftp-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir_ / "empty");
    std::filesystem::create_directories(dir_ / "home");
    port_ = 20021 + static_cast<uint16_t>(getpid() % 500);
    std::ofstream(dir_ / "user_list") << test::env_or_empty("PAICHA_TE_SSH_WEAK_USER") << "\n";
    std::ofstream(dir_ / "vsftpd.conf")
        << "listen=YES\nlisten_address=127.0.0.1\nlisten_port=" << port_
        << "\nbackground=NO\npasv_enable=YES\npasv_address=127.0.0.1\npasv_min_port=40100\n"
        << "pasv_max_port=40109\nport_enable=NO\nwrite_enable=NO\nsecure_chroot_dir="
        << (dir_ / "empty").string() << "\nnopriv_user=nobody\nseccomp_sandbox=NO\n"
        << "isolate=NO\nisolate_network=NO\nlog_ftp_protocol=YES\ndual_log_enable=YES\n"
        << "vsftpd_log_file=" << (dir_ / "vsftpd.log").string()
        << "\nanonymous_enable=NO\nlocal_enable=YES\nchroot_local_user=YES\nlocal_root="
        << (dir_ / "home").string() << "\nuserlist_enable=YES\nuserlist_deny=NO\nuserlist_file="
        << (dir_ / "user_list").string() << "\npam_service_name=paicha-testenv-ftp\n"
        << "ssl_enable=YES\nrsa_cert_file=" << te << "/tls/cert.pem\nrsa_private_key_file=" << te
        << "/tls/key.pem\nforce_local_logins_ssl=NO\nforce_local_data_ssl=NO\n"
        << "require_ssl_reuse=NO\n";
    // Foreground vsftpd in the background of a shell: $! is vsftpd itself.
    const std::string start = "/usr/sbin/vsftpd " + (dir_ / "vsftpd.conf").string() +
                              " >/dev/null 2>&1 & echo $! > " + (dir_ / "pid").string();
    if (std::system(start.c_str()) != 0) return;
    for (int i = 0; i < 50 && !accepting(); ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ~OptionalTlsVsftpd() {
    std::ifstream pid_file(dir_ / "pid");
    pid_t pid = 0;
    if (pid_file >> pid && pid > 1) kill(pid, SIGTERM);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  bool accepting() const {
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    std::error_code ec;
    socket.connect({asio::ip::make_address("127.0.0.1"), port_}, ec);
    return !ec;
  }
  uint16_t port() const { return port_; }

 private:
  std::filesystem::path dir_;
  uint16_t port_ = 0;
};

TEST_F(FtpTestenv, OptionalTlsIsReportedAndGuessingStaysEncrypted) {
  if (access("/usr/sbin/vsftpd", X_OK) != 0 || geteuid() != 0) GTEST_SKIP() << "needs vsftpd";
  OptionalTlsVsftpd server;
  ASSERT_TRUE(server.accepting());
  auto context = test::make_audit_context("ftp", server.port());
  context->guess.users = {test::env_or_empty("PAICHA_TE_SSH_WEAK_USER")};
  context->guess.passwords = {test::env_or_empty("PAICHA_TE_SSH_WEAK_PASSWORD")};
  const auto findings = test::run_audit(&audit_ftp, *context);
  const Finding* no_tls = find_rule(findings, "ftp.no_tls");
  ASSERT_NE(no_tls, nullptr);
  EXPECT_EQ(no_tls->evidence_key, "tls_not_required");
  const Finding* weak = find_rule(findings, "ftp.weak_password");
  ASSERT_NE(weak, nullptr);
  EXPECT_NE(weak->evidence.find("TLS"), std::string::npos) << weak->evidence;
}

}  // namespace
}  // namespace paicha::services::ftp
