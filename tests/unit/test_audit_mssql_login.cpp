// SQL Server weak-password guessing against a mock TDS server (no SQL Server runs in the
// testenv). The mock speaks the [MS-TDS] login sequence byte for byte: PRELOGIN, the TLS 1.2
// handshake carried in PRELOGIN packets, LOGIN7 inside TLS (only the login packet with
// ENCRYPT_OFF, everything with ENCRYPT_REQ), and LOGINACK or ERROR 18456/18486 answers.
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>

#include "core/i18n.h"
#include "mock_tcp_server.h"
#include "mssql_fixtures.h"
#include "services/mssql/checks.h"
#include "services/mssql/login7.h"
#include "services/mssql/tds_message.h"
#include "services/mssql/tls_channel.h"
#include "services/probe_util.h"
#include "test_audit_remote_support.h"

namespace paicha::services::mssql {
namespace {

using paicha::testing::MockTcpServer;
using tds_fixture::prelogin_reply;

std::string u16le(std::string_view ascii) {
  std::string out;
  for (char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

// The string at LOGIN7 offset slot `slot` (0 host, 1 user, 2 password), as ASCII.
std::string login7_string(std::string_view payload, int slot, bool scrambled) {
  ByteReader reader(payload.substr(36 + 4 * slot));
  uint16_t offset = 0;
  uint16_t chars = 0;
  reader.u16le(offset);
  reader.u16le(chars);
  std::string bytes(payload.substr(offset, size_t{chars} * 2));
  if (scrambled)
    for (char& c : bytes) {
      const auto b = static_cast<uint8_t>(static_cast<uint8_t>(c) ^ 0xA5);
      c = static_cast<char>(static_cast<uint8_t>(b << 4 | b >> 4));
    }
  std::string ascii;
  for (size_t i = 0; i < bytes.size(); i += 2) ascii += bytes[i];
  return ascii;
}

// ERROR token ([MS-TDS] 2.2.7.10) then DONE.
std::string error_answer(int32_t number, std::string_view text) {
  std::string body;
  put_i32le(body, number);
  put_u8(body, 1);   // state
  put_u8(body, 14);  // class
  put_u16le(body, static_cast<uint16_t>(text.size()));
  body += u16le(text);
  put_u8(body, 0);  // server name
  put_u8(body, 0);  // proc name
  put_i32le(body, 1);
  std::string tokens;
  put_u8(tokens, 0xAA);
  put_u16le(tokens, static_cast<uint16_t>(body.size()));
  tokens += body;
  put_u8(tokens, 0xFD);
  put_u16le(tokens, 0x0002);  // DONE_ERROR
  tokens.append(10, '\0');
  return tokens;
}

// LOGINACK ([MS-TDS] 2.2.7.14) then DONE.
std::string accept_answer() {
  std::string body;
  put_u8(body, 1);  // interface: SQL_TSQL
  put_u32be(body, 0x74000004);
  const std::string name = u16le("Microsoft SQL Server");
  put_u8(body, static_cast<uint8_t>(name.size() / 2));
  body += name;
  body += std::string{0x0f, 0x00, 0x07, static_cast<char>(0xd0)};
  std::string tokens;
  put_u8(tokens, 0xAD);
  put_u16le(tokens, static_cast<uint16_t>(body.size()));
  tokens += body;
  put_u8(tokens, 0xFD);
  tokens.append(12, '\0');
  return tokens;
}

struct MockAccounts {
  std::string user = "sa";
  std::string password;
  bool lockout = false;        // answer 18486 to every wrong password
  std::atomic<int> logins{0};  // LOGIN7 packets received
  std::atomic<int> plaintext_logins{0};
};

// One connection's state machine.
class TdsLoginSession : public MockTcpServer::Session {
 public:
  TdsLoginSession(uint8_t encryption, SSL_CTX* tls_context, MockAccounts& accounts)
      : encryption_(encryption), tls_(tls_context, true), accounts_(accounts) {}

  MockTcpServer::Step on_bytes(std::string_view pending) override {
    if (state_ == State::login_in_tls) return on_tls_login(pending);
    TdsMessageReader reader;
    reader.append(pending);
    auto message = reader.next();
    if (!message) return {};
    const size_t used = pending.size();  // the client sends one message per turn
    if (state_ == State::prelogin) {
      state_ = encryption_ == 2 ? State::plaintext_login : State::handshake;
      return {used, prelogin_reply(encryption_), false};
    }
    if (state_ == State::handshake) {
      std::string outgoing;
      const auto step = tls_.handshake(message->payload, outgoing);
      if (step == TlsChannel::Step::failed) return {used, {}, true};
      if (step == TlsChannel::Step::done) state_ = State::login_in_tls;
      return {used, frame_message(0x12, outgoing), false};
    }
    // ENCRYPT_NOT_SUP: LOGIN7 in the clear.
    if (message->type != kPacketLogin7) return {used, {}, true};
    ++accounts_.plaintext_logins;
    return {used, frame_message(0x04, answer(message->payload)), true};
  }

 private:
  enum class State { prelogin, handshake, login_in_tls, plaintext_login };

  MockTcpServer::Step on_tls_login(std::string_view records) {
    std::string plain;
    if (!tls_.decrypt(records, plain)) return {records.size(), {}, true};
    login_reader_.append(plain);
    auto message = login_reader_.next();
    if (!message) return {records.size(), {}, false};
    if (message->type != kPacketLogin7) return {records.size(), {}, true};
    const std::string reply = frame_message(0x04, answer(message->payload));
    // ENCRYPT_OFF: the answer goes back unencrypted ([MS-TDS] 3.3.5.3).
    return {records.size(), encryption_ == 0 ? reply : tls_.encrypt(reply), true};
  }

  std::string answer(std::string_view login7) {
    ++accounts_.logins;
    const std::string user = login7_string(login7, 1, false);
    const std::string password = login7_string(login7, 2, true);
    if (user == accounts_.user && password == accounts_.password) return accept_answer();
    if (accounts_.lockout)
      return error_answer(18486, "Login failed for user 'sa' because the account is locked out.");
    return error_answer(18456, "Login failed for user '" + user + "'.");
  }

  uint8_t encryption_;
  State state_ = State::prelogin;
  TlsChannel tls_;
  TdsMessageReader login_reader_;
  MockAccounts& accounts_;
};

struct Outcome {
  std::vector<Finding> findings;
  std::vector<std::string> notes;
};

Outcome audit_against(uint8_t encryption, MockAccounts& accounts,
                      std::vector<std::string> passwords, int max_attempts = 5) {
  auto tls = MockTcpServer::make_self_signed_context();
  SSL_CTX* native = tls->native_handle();
  MockTcpServer server([encryption, native, &accounts] {
    return std::make_unique<TdsLoginSession>(encryption, native, accounts);
  });
  auto context = test::make_audit_context("mssql", server.endpoint().port());
  context->guess.users = {"sa"};
  context->guess.passwords = std::move(passwords);
  context->guess.max_attempts_per_account = max_attempts;
  Outcome outcome;
  outcome.findings = test::run_audit(&audit_mssql, *context);
  outcome.notes = context->take_notes();
  return outcome;
}

TEST(MssqlLogin7, ScramblesAndLaysOutTheRecord) {
  // 'a' = 0x61 -> nibbles swapped 0x16 -> XOR 0xA5 = 0xB3; the UTF-16 high byte 0x00 -> 0xA5.
  EXPECT_EQ(scramble_password(std::string("a\0", 2)), "\xB3\xA5");
  Login7Request request;
  request.user = "sa";
  request.password = "P@ssw0rd";
  const std::string payload = login7_payload(request);
  ByteReader reader(payload);
  uint32_t length = 0;
  uint32_t version = 0;
  reader.u32le(length);
  reader.u32le(version);
  EXPECT_EQ(length, payload.size());
  EXPECT_EQ(version, 0x74000004u);
  EXPECT_EQ(login7_string(payload, 1, false), "sa");
  EXPECT_EQ(login7_string(payload, 2, true), "P@ssw0rd");
  EXPECT_EQ(payload.find(u16le("P@ssw0rd")), std::string::npos);  // never in the clear
  EXPECT_EQ(utf16le_from_utf8("口"), std::string("\xE3\x53", 2));
}

TEST(MssqlLogin7, ReadsTheAnswerTokens) {
  EXPECT_EQ(parse_login_answer(accept_answer()).verdict, LoginVerdict::accepted);
  const LoginAnswer failed = parse_login_answer(error_answer(18456, "Login failed for user 'sa'."));
  EXPECT_EQ(failed.verdict, LoginVerdict::wrong_password);
  EXPECT_EQ(failed.error_number, 18456);
  EXPECT_EQ(failed.message, "Login failed for user 'sa'.");
  EXPECT_EQ(parse_login_answer(error_answer(18486, "locked")).verdict, LoginVerdict::locked_out);
  EXPECT_EQ(parse_login_answer(error_answer(18488, "must change")).verdict,
            LoginVerdict::password_right);
  // Truncated and unknown tokens are malformed, never a success.
  const std::string ack = accept_answer();
  EXPECT_EQ(parse_login_answer(ack.substr(0, 10)).verdict, LoginVerdict::malformed);
  EXPECT_EQ(parse_login_answer("\x42\x01\x00").verdict, LoginVerdict::malformed);
  EXPECT_EQ(parse_login_answer("").verdict, LoginVerdict::malformed);
}

TEST(MssqlTdsFraming, SplitsAndReassemblesMessages) {
  const std::string payload(10000, 'x');
  const std::string wire = frame_message(0x12, payload, 4096);
  EXPECT_EQ(wire.size(), payload.size() + 3 * kTdsHeaderSize);
  TdsMessageReader reader;
  reader.append(wire.substr(0, 5000));
  EXPECT_FALSE(reader.next());
  reader.append(wire.substr(5000));
  auto message = reader.next();
  ASSERT_TRUE(message);
  EXPECT_EQ(message->type, 0x12);
  EXPECT_EQ(message->payload, payload);
  TdsMessageReader hostile;
  hostile.append(std::string("\x04\x01\x00\x03\x00\x00\x01\x00", 8));
  EXPECT_FALSE(hostile.next());
  EXPECT_TRUE(hostile.failed());
}

TEST(MssqlGuess, FindsAWeakSaPasswordWithLoginOnlyEncryption) {
  set_lang(Lang::en);
  MockAccounts accounts;
  accounts.password = "123456";
  const Outcome outcome = audit_against(0, accounts, {"sa", "123456", "admin123"});
  const Finding* weak = test::find_rule(outcome.findings, "mssql.weak_password");
  ASSERT_NE(weak, nullptr);
  EXPECT_EQ(weak->evidence_key, "sa");
  EXPECT_EQ(weak->evidence.find("123456"), std::string::npos);  // masked
  EXPECT_EQ(accounts.logins.load(), 2);                         // stops at the first success
  EXPECT_EQ(accounts.plaintext_logins.load(), 0);               // LOGIN7 went inside TLS
  EXPECT_NE(test::find_rule(outcome.findings, "mssql.no_tls"), nullptr);
}

TEST(MssqlGuess, FindsItUnderFullEncryptionAndWithoutTls) {
  for (uint8_t encryption : {uint8_t{3}, uint8_t{2}}) {
    MockAccounts accounts;
    accounts.password = "";
    const Outcome outcome = audit_against(encryption, accounts, {"", "123456"});
    EXPECT_NE(test::find_rule(outcome.findings, "mssql.weak_password"), nullptr) << int(encryption);
    EXPECT_EQ(accounts.plaintext_logins.load(), encryption == 2 ? 1 : 0);
  }
}

TEST(MssqlGuess, AStrongPasswordStaysUnfoundWithinTheBudget) {
  MockAccounts accounts;
  accounts.password = "x9!Vq-strong-Zt4";
  const Outcome outcome =
      audit_against(3, accounts, {"", "sa", "123456", "admin123", "P@ssw0rd", "qwe123", "a123456"},
                    /*max_attempts=*/4);
  EXPECT_EQ(test::find_rule(outcome.findings, "mssql.weak_password"), nullptr);
  EXPECT_EQ(accounts.logins.load(), 4);
  EXPECT_EQ(test::find_rule(outcome.findings, "mssql.no_tls"), nullptr);
}

TEST(MssqlGuess, ALockoutAnswerStopsGuessing) {
  set_lang(Lang::en);
  MockAccounts accounts;
  accounts.password = "x9!Vq-strong-Zt4";
  accounts.lockout = true;
  const Outcome outcome = audit_against(0, accounts, {"sa", "123456", "admin123"});
  EXPECT_EQ(accounts.logins.load(), 1);
  EXPECT_EQ(test::find_rule(outcome.findings, "mssql.weak_password"), nullptr);
  bool said = false;
  for (const auto& note : outcome.notes) said = said || note.find("lockout") != std::string::npos;
  EXPECT_TRUE(said);
}

}  // namespace
}  // namespace paicha::services::mssql
