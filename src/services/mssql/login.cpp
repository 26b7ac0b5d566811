#include "services/mssql/login.h"

#include <fmt/format.h>

#include "net/connection.h"
#include "services/mssql/checks.h"
#include "services/mssql/login7.h"
#include "services/mssql/tds_message.h"
#include "services/mssql/tls_channel.h"

namespace paicha::services::mssql {

namespace {

constexpr int kMaxHandshakeRounds = 8;
constexpr size_t kMaxReplyBytes = 1 << 20;

// Reads until `reader` yields a whole message; nullopt on timeout, EOF or a bad packet.
asio::awaitable<std::optional<TdsMessage>> read_message(net::Connection& connection,
                                                        TdsMessageReader& reader, Millis timeout,
                                                        std::string& why) {
  std::error_code ec;
  while (true) {
    if (auto message = reader.next()) co_return message;
    if (reader.failed()) {
      why = reader.error();
      co_return std::nullopt;
    }
    std::string chunk;
    if (co_await connection.read_some(chunk, timeout, ec) == 0) {
      why = ec ? ec.message() : "connection closed";
      co_return std::nullopt;
    }
    reader.append(chunk);
  }
}

// The reply to LOGIN7 sent inside full encryption: TLS records that carry TDS packets.
asio::awaitable<std::optional<TdsMessage>> read_encrypted_message(net::Connection& connection,
                                                                  TlsChannel& tls, Millis timeout,
                                                                  std::string& why) {
  TdsMessageReader reader;
  std::error_code ec;
  size_t received = 0;
  while (true) {
    if (auto message = reader.next()) co_return message;
    if (reader.failed()) {
      why = reader.error();
      co_return std::nullopt;
    }
    std::string records;
    const size_t n = co_await connection.read_some(records, timeout, ec);
    received += n;
    if (n == 0 || received > kMaxReplyBytes) {
      why = ec ? ec.message() : "connection closed";
      co_return std::nullopt;
    }
    std::string plain;
    if (!tls.decrypt(records, plain)) {
      why = tls.error();
      co_return std::nullopt;
    }
    reader.append(plain);
  }
}

LoginResult result_of(const LoginAnswer& answer) {
  switch (answer.verdict) {
    case LoginVerdict::accepted:
      return {LoginOutcome::success, {}};
    case LoginVerdict::password_right:
      return {LoginOutcome::success, answer.message};
    case LoginVerdict::wrong_password:
      return {LoginOutcome::rejected, {}};
    case LoginVerdict::disabled:
      return {LoginOutcome::no_such_user, answer.message};
    case LoginVerdict::locked_out:
      return {LoginOutcome::blocked, answer.message};
    case LoginVerdict::other_error:
      return {LoginOutcome::error,
              fmt::format("error {}: {}", answer.error_number, answer.message)};
    case LoginVerdict::malformed:
      break;
  }
  return {LoginOutcome::error, "unreadable LOGIN7 answer"};
}

}  // namespace

asio::awaitable<LoginResult> try_login(asio::ip::tcp::endpoint endpoint, Millis timeout,
                                       const std::string& user, const std::string& password) {
  std::error_code ec;
  auto connection = co_await net::Connection::open(endpoint, timeout, ec);
  if (!connection) co_return LoginResult{LoginOutcome::error, ec.message()};
  std::string why;
  TdsMessageReader reader(kMaxReplyBytes);

  if (!co_await connection->write_all(prelogin_request(), timeout, ec))
    co_return LoginResult{LoginOutcome::error, ec.message()};
  auto prelogin = co_await read_message(*connection, reader, timeout, why);
  if (!prelogin) co_return LoginResult{LoginOutcome::error, "PRELOGIN: " + why};
  const std::optional<Encryption> encryption =
      prelogin_encryption(frame_message(kPacketTabularResult, prelogin->payload));
  if (!encryption) co_return LoginResult{LoginOutcome::error, "no usable PRELOGIN answer"};

  Login7Request request;
  request.user = user;
  request.password = password;
  request.server_name = endpoint.address().to_string();
  const std::string login = frame_message(kPacketLogin7, login7_payload(request));

  if (*encryption == Encryption::not_supported) {
    if (!co_await connection->write_all(login, timeout, ec))
      co_return LoginResult{LoginOutcome::error, ec.message()};
    auto answer = co_await read_message(*connection, reader, timeout, why);
    connection->close();
    if (!answer) co_return LoginResult{LoginOutcome::error, "LOGIN7: " + why};
    co_return result_of(parse_login_answer(answer->payload));
  }

  const auto tls_context = net::make_inspection_tls_context();
  TlsChannel tls(tls_context->native_handle(), false);
  std::string incoming;
  bool handshake_done = false;
  for (int round = 0; round < kMaxHandshakeRounds && !handshake_done; ++round) {
    std::string outgoing;
    const TlsChannel::Step step = tls.handshake(incoming, outgoing);
    if (step == TlsChannel::Step::failed)
      co_return LoginResult{LoginOutcome::error, "TLS in TDS: " + tls.error()};
    if (!outgoing.empty() &&
        !co_await connection->write_all(frame_message(kPacketPrelogin, outgoing), timeout, ec))
      co_return LoginResult{LoginOutcome::error, ec.message()};
    handshake_done = step == TlsChannel::Step::done;
    if (handshake_done) break;
    auto message = co_await read_message(*connection, reader, timeout, why);
    if (!message) co_return LoginResult{LoginOutcome::error, "TLS in TDS: " + why};
    incoming = std::move(message->payload);
  }
  if (!handshake_done)
    co_return LoginResult{LoginOutcome::error, "TLS in TDS: handshake did not finish"};

  // After the handshake the TLS records go on the wire bare, no longer wrapped in TDS.
  const std::string records = tls.encrypt(login);
  if (records.empty()) co_return LoginResult{LoginOutcome::error, "TLS: " + tls.error()};
  if (!co_await connection->write_all(records, timeout, ec))
    co_return LoginResult{LoginOutcome::error, ec.message()};
  // With ENCRYPT_OFF only the login packet is encrypted and the answer comes in the clear.
  std::optional<TdsMessage> answer;
  if (*encryption == Encryption::off)
    answer = co_await read_message(*connection, reader, timeout, why);
  else
    answer = co_await read_encrypted_message(*connection, tls, timeout, why);
  connection->close();
  if (!answer) co_return LoginResult{LoginOutcome::error, "LOGIN7: " + why};
  co_return result_of(parse_login_answer(answer->payload));
}

}  // namespace paicha::services::mssql
