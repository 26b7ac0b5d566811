// Telnet: the negotiation decoder and screen classifier (pure), then the checks against a mock
// login(1)-style server in this file (no Debian telnetd runs in the testenv): it negotiates
// like a real telnetd, counts password attempts, and records what the client answered.
#include <gtest/gtest.h>

#include <asio/read.hpp>
#include <asio/write.hpp>
#include <atomic>
#include <mutex>
#include <thread>

#include "core/i18n.h"
#include "services/telnet/checks.h"
#include "services/telnet/session.h"
#include "test_audit_remote_support.h"

namespace paicha::services::telnet {
namespace {

using test::find_rule;

TEST(TelnetDecoder, RefusesEveryOptionOnceAndKeepsText) {
  TelnetDecoder decoder;
  std::string text, replies;
  // DO TTYPE, WILL ECHO, split across two feeds; an escaped 0xFF; a subnegotiation.
  decoder.feed(std::string("\xff\xfd\x18\xff", 4), text, replies);
  decoder.feed(std::string("\xfb\x01hi\xff\xff!\xff\xfa\x18\x01\xff\xf0login: ", 20), text,
               replies);
  EXPECT_EQ(text, "hi\xff!login: ");
  EXPECT_EQ(replies, std::string("\xff\xfc\x18\xff\xfe\x01", 6));
  // Asked again: no second answer, so no negotiation loop. WONT/DONT need none at all.
  replies.clear();
  decoder.feed(std::string("\xff\xfd\x18\xff\xfc\x05\xff\xfe\x06", 9), text, replies);
  EXPECT_TRUE(replies.empty());
}

TEST(TelnetScreen, TellsPromptsShellsAndFailuresApart) {
  EXPECT_EQ(classify_screen("Debian GNU/Linux 12\r\nhost login: "), Screen::login_prompt);
  EXPECT_EQ(classify_screen("User Name:"), Screen::login_prompt);
  EXPECT_EQ(classify_screen("paicha\r\nPassword: "), Screen::password_prompt);
  EXPECT_EQ(classify_screen("\r\nLogin incorrect\r\nhost login: "), Screen::login_failed);
  EXPECT_EQ(classify_screen("% Authentication failed\r\n"), Screen::login_failed);
  EXPECT_EQ(classify_screen("Last login: Sat\r\nThere were 2 failed login attempts\r\n$ "),
            Screen::shell);
  EXPECT_EQ(classify_screen("\r\nThis account is currently not available.\r\n"), Screen::shell);
  EXPECT_EQ(classify_screen("\r\nRouter#"), Screen::shell);
  EXPECT_EQ(classify_screen("\r\nuser@host:~$ "), Screen::shell);
  EXPECT_EQ(classify_screen("Debian GNU/Linux 12\r\n"), Screen::nothing);
  EXPECT_EQ(classify_screen(""), Screen::nothing);
}

// A login(1)-style Telnet server on an ephemeral loopback port.
class MockTelnetd {
 public:
  MockTelnetd(std::string user, std::string password)
      : user_(std::move(user)),
        password_(std::move(password)),
        acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}) {
    thread_ = std::thread([this] { accept_loop(); });
  }
  ~MockTelnetd() {
    // A blocking accept() is not woken by close() from another thread: connect to wake it.
    stopping_ = true;
    std::error_code ignored;
    asio::ip::tcp::socket wake(io_);
    wake.connect({asio::ip::make_address("127.0.0.1"), port()}, ignored);
    thread_.join();
    wake.close(ignored);
    acceptor_.close(ignored);
    for (auto& session : sessions_) session.join();
  }
  uint16_t port() const { return acceptor_.local_endpoint().port(); }
  int attempts() const { return attempts_; }
  bool exit_received() const { return exit_received_; }
  std::string client_negotiation() {
    std::lock_guard lock(mutex_);
    return negotiation_;
  }

 private:
  void accept_loop() {
    while (true) {
      std::error_code ec;
      asio::ip::tcp::socket socket(io_);
      acceptor_.accept(socket, ec);
      if (ec || stopping_) return;
      sessions_.emplace_back([this, s = std::move(socket)]() mutable { serve(s); });
    }
  }
  // A line of what the client typed, with its Telnet commands recorded and removed.
  bool read_line(asio::ip::tcp::socket& socket, std::string& line) {
    line.clear();
    char c = 0;
    std::error_code ec;
    while (asio::read(socket, asio::buffer(&c, 1), ec) == 1) {
      if (static_cast<unsigned char>(c) == 0xff) {
        char command[2];
        if (asio::read(socket, asio::buffer(command, 2), ec) != 2) return false;
        std::lock_guard lock(mutex_);
        negotiation_ += std::string("\xff", 1) + std::string(command, 2);
        continue;
      }
      if (c == '\n') return true;
      if (c != '\r') line += c;
    }
    return false;
  }
  void serve(asio::ip::tcp::socket& socket) {
    std::error_code ec;
    const std::string hello = std::string("\xff\xfd\x18\xff\xfb\x01\xff\xfb\x03\xff\xfd\x1f", 12) +
                              "\r\nDebian GNU/Linux 12\r\n\r\nmock login: ";
    asio::write(socket, asio::buffer(hello), ec);
    std::string user, password;
    if (!read_line(socket, user)) return;
    asio::write(socket, asio::buffer(std::string("Password: ")), ec);
    if (!read_line(socket, password)) return;
    ++attempts_;
    if (user == user_ && password == password_) {
      asio::write(socket,
                  asio::buffer(std::string("Last login: Sat Nov 21 04:00 on pts/0\r\nThere were 3 "
                                           "failed login attempts since the last successful "
                                           "login.\r\n") +
                               user + "@mock:~$ "),
                  ec);
      std::string command;
      if (read_line(socket, command) && command == "exit") exit_received_ = true;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    asio::write(socket, asio::buffer(std::string("\r\nLogin incorrect\r\nmock login: ")), ec);
    std::string ignored;
    read_line(socket, ignored);  // until the client hangs up
  }

  std::string user_, password_;
  asio::io_context io_;
  asio::ip::tcp::acceptor acceptor_;
  std::thread thread_;
  std::vector<std::thread> sessions_;
  std::atomic<int> attempts_{0};
  std::atomic<bool> exit_received_{false};
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::string negotiation_;
};

TEST(TelnetMock, FindsTheWeakPasswordAndReportsPlaintext) {
  set_lang(Lang::zh);
  MockTelnetd server("admin", "admin123");
  auto context = test::make_audit_context("telnet", server.port());
  context->timeout = Millis{1000};
  context->guess.users = {"root", "admin"};
  context->guess.passwords = {"123456", "admin123"};
  const auto findings = test::run_audit(&audit_telnet, *context);

  const Finding* plaintext = find_rule(findings, "telnet.plaintext");
  ASSERT_NE(plaintext, nullptr);
  EXPECT_NE(plaintext->evidence.find("登录提示"), std::string::npos) << plaintext->evidence;
  const Finding* weak = find_rule(findings, "telnet.weak_password");
  ASSERT_NE(weak, nullptr);
  EXPECT_EQ(weak->evidence_key, "admin");
  EXPECT_EQ(weak->evidence.find("admin123"), std::string::npos) << weak->evidence;
  EXPECT_NE(weak->evidence.find(mask_secret("admin123")), std::string::npos);
  EXPECT_EQ(server.attempts(), 4);  // root x2, then admin's first fails and its second works
  EXPECT_TRUE(server.exit_received());
  // Every option was refused: WONT TTYPE, DONT ECHO, DONT SGA, WONT NAWS, and nothing else.
  const std::string negotiation = server.client_negotiation();
  EXPECT_NE(negotiation.find(std::string("\xff\xfc\x18", 3)), std::string::npos);
  EXPECT_NE(negotiation.find(std::string("\xff\xfe\x01", 3)), std::string::npos);
  for (size_t i = 0; i + 2 < negotiation.size(); i += 3) {
    const auto verb = static_cast<unsigned char>(negotiation[i + 1]);
    EXPECT_TRUE(verb == 0xfc || verb == 0xfe) << "verb " << int(verb);
  }
}

TEST(TelnetMock, BudgetIsExactAtTheServer) {
  MockTelnetd server("admin", "admin123");
  auto context = test::make_audit_context("telnet", server.port());
  context->timeout = Millis{1000};
  context->guess.users = {"admin"};
  context->guess.passwords = {"w1", "w2", "w3", "w4", "w5", "admin123"};
  context->guess.max_attempts_per_account = 3;
  context->guess.concurrency = 2;
  const auto findings = test::run_audit(&audit_telnet, *context);
  EXPECT_EQ(find_rule(findings, "telnet.weak_password"), nullptr);
  EXPECT_NE(find_rule(findings, "telnet.plaintext"), nullptr);
  EXPECT_EQ(server.attempts(), 3);
}

TEST(TelnetMock, StrongPasswordIsNotFound) {
  MockTelnetd server("admin", "k7#Qz!w9Lp");
  auto context = test::make_audit_context("telnet", server.port());
  context->timeout = Millis{1000};
  context->guess.users = {"admin"};
  context->guess.passwords = {"admin", "123456"};
  const auto findings = test::run_audit(&audit_telnet, *context);
  EXPECT_EQ(find_rule(findings, "telnet.weak_password"), nullptr);
  EXPECT_NE(find_rule(findings, "telnet.plaintext"), nullptr);
  EXPECT_EQ(server.attempts(), 2);
}

}  // namespace
}  // namespace paicha::services::telnet
