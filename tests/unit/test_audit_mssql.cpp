// MSSQL encryption check against a mock TDS server that answers PRELOGIN ([MS-TDS] 2.2.6.5)
// with each ENCRYPTION value (no SQL Server runs in the testenv).
#include <gtest/gtest.h>

#include <asio/read.hpp>
#include <asio/write.hpp>
#include <thread>

#include "core/i18n.h"
#include "mssql_fixtures.h"
#include "services/mssql/checks.h"
#include "test_audit_remote_support.h"

namespace paicha::services::mssql {
namespace {

using tds_fixture::prelogin_reply;
using test::find_rule;

TEST(MssqlPrelogin, ReadsTheEncryptionAnswer) {
  EXPECT_EQ(prelogin_encryption(prelogin_reply(0)), Encryption::off);
  EXPECT_EQ(prelogin_encryption(prelogin_reply(1)), Encryption::on);
  EXPECT_EQ(prelogin_encryption(prelogin_reply(2)), Encryption::not_supported);
  EXPECT_EQ(prelogin_encryption(prelogin_reply(3)), Encryption::required);
  EXPECT_FALSE(prelogin_encryption(prelogin_reply(3).substr(0, 12)));
  EXPECT_FALSE(prelogin_encryption("HTTP/1.1 400 Bad Request\r\n\r\n"));
}

// Answers one PRELOGIN per connection, then waits for the client to hang up.
class MockTds {
 public:
  explicit MockTds(uint8_t encryption) : acceptor_(io_, {asio::ip::make_address("127.0.0.1"), 0}) {
    thread_ = std::thread([this, encryption] {
      asio::ip::tcp::socket socket(io_);
      std::error_code ec;
      acceptor_.accept(socket, ec);
      if (ec) return;
      char header[8];
      if (asio::read(socket, asio::buffer(header, 8), ec) != 8) return;
      received_type_ = static_cast<uint8_t>(header[0]);
      const size_t length = static_cast<uint8_t>(header[2]) << 8 | static_cast<uint8_t>(header[3]);
      std::string rest(length - 8, '\0');
      asio::read(socket, asio::buffer(rest), ec);
      asio::write(socket, asio::buffer(prelogin_reply(encryption)), ec);
      char byte;
      while (asio::read(socket, asio::buffer(&byte, 1), ec) == 1) ++bytes_after_prelogin_;
    });
  }
  ~MockTds() { thread_.join(); }
  uint16_t port() const { return acceptor_.local_endpoint().port(); }
  uint8_t received_type() const { return received_type_; }
  size_t bytes_after_prelogin() const { return bytes_after_prelogin_; }

 private:
  asio::io_context io_;
  asio::ip::tcp::acceptor acceptor_;
  std::thread thread_;
  uint8_t received_type_ = 0;
  size_t bytes_after_prelogin_ = 0;
};

struct Case {
  uint8_t encryption;
  bool finding;
  const char* key;
};

TEST(MssqlMock, ReportsEncryptionNotForced) {
  set_lang(Lang::zh);
  for (const Case& c : {Case{2, true, "encrypt_not_sup"}, Case{0, true, "encrypt_off"},
                        Case{3, false, ""}, Case{1, false, ""}}) {
    std::vector<Finding> findings;
    std::vector<std::string> notes;
    {
      MockTds server(c.encryption);
      auto context = test::make_audit_context("mssql", server.port());
      context->guess.enabled = false;  // PRELOGIN only: this mock answers nothing else
      findings = test::run_audit(&audit_mssql, *context);
      notes = context->take_notes();
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    const Finding* no_tls = find_rule(findings, "mssql.no_tls");
    EXPECT_EQ(no_tls != nullptr, c.finding) << int(c.encryption);
    if (no_tls) {
      EXPECT_EQ(no_tls->evidence_key, c.key);
    }
    EXPECT_EQ(find_rule(findings, "mssql.weak_password"), nullptr);
    EXPECT_TRUE(notes.empty());
  }
}

}  // namespace
}  // namespace paicha::services::mssql
