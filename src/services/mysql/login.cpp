#include "services/mysql/login.h"

#include "net/connection.h"
#include "services/probe_util.h"

namespace paicha::services::mysql {

namespace {

constexpr uint8_t kComQuit = 0x01;
constexpr int kMaxAuthRounds = 4;
constexpr std::string_view kNativePlugin = "mysql_native_password";

class PacketChannel {
 public:
  PacketChannel(net::Connection& connection, std::chrono::milliseconds timeout)
      : connection_(connection), timeout_(timeout) {}

  asio::awaitable<bool> read(Packet& out, std::string& error) {
    for (;;) {
      bool oversized = false;
      if (take_packet(buffer_, out, oversized)) co_return true;
      if (oversized) {
        error = "packet larger than a login needs";
        co_return false;
      }
      std::error_code ec;
      if (co_await connection_.read_some(buffer_, timeout_, ec) == 0) {
        error = ec ? ec.message() : "connection closed";
        co_return false;
      }
    }
  }

  asio::awaitable<bool> write(uint8_t sequence, std::string_view payload, std::string& error) {
    std::error_code ec;
    if (co_await connection_.write_all(frame_packet(sequence, payload), timeout_, ec))
      co_return true;
    error = ec.message();
    co_return false;
  }

 private:
  net::Connection& connection_;
  std::chrono::milliseconds timeout_;
  std::string buffer_;
};

// Runs the authentication phase after the greeting; the connection is closed by the caller.
asio::awaitable<void> authenticate(net::Connection& connection, PacketChannel& channel,
                                   LoginReport& report, uint8_t sequence, std::string_view user,
                                   std::string_view password, TlsMode tls_mode,
                                   asio::ssl::context* tls_context,
                                   std::chrono::milliseconds timeout) {
  const Greeting& greeting = *report.greeting;
  const bool tls = tls_mode == TlsMode::prefer && greeting.offers_tls() && tls_context;
  const uint32_t caps = client_capabilities(greeting.capabilities, tls);
  std::string error;
  if (tls) {
    std::error_code ec;
    if (!co_await channel.write(sequence++, build_ssl_request(caps), error) ||
        !co_await connection.start_tls(*tls_context, timeout, ec)) {
      report.detail = error.empty() ? "TLS: " + ec.message() : error;
      co_return;
    }
    report.used_tls = true;
  }
  // Answer the server's default plugin when we speak it; otherwise offer native and let the
  // server switch us to what the account uses.
  std::string plugin =
      greeting.auth_plugin.empty() ? std::string(kNativePlugin) : greeting.auth_plugin;
  std::optional<std::string> response = auth_response_for(plugin, password, greeting.scramble, tls);
  if (!response) {
    plugin = kNativePlugin;
    response = native_password_response(password, greeting.scramble);
  }
  if (!co_await channel.write(sequence++, build_handshake_response(caps, user, *response, plugin),
                              error)) {
    report.detail = error;
    co_return;
  }
  bool password_unsent = false;  // true once we answered without really trying the password
  for (int round = 0; round < kMaxAuthRounds; ++round) {
    Packet packet;
    if (!co_await channel.read(packet, error)) {
      report.detail = error;
      co_return;
    }
    sequence = static_cast<uint8_t>(packet.sequence + 1);
    const ServerReply reply = parse_server_reply(packet.payload);
    switch (reply.kind) {
      case ReplyKind::ok:
        report.status = LoginStatus::success;
        co_await channel.write(0, std::string(1, static_cast<char>(kComQuit)), error);
        co_return;
      case ReplyKind::error:
        report.error_code = reply.error_code;
        report.detail = std::to_string(reply.error_code) + ": " + reply.message;
        report.status = status_for_error(reply.error_code);
        if (password_unsent && report.status == LoginStatus::rejected)
          report.status = LoginStatus::unsupported;
        co_return;
      case ReplyKind::auth_switch: {
        std::optional<std::string> answer =
            auth_response_for(reply.plugin, password, reply.plugin_data, tls);
        if (!answer) {
          // Still answer, so the server ends the exchange with ERR instead of an aborted
          // handshake: an empty response is a wrong password to every plugin.
          password_unsent = true;
          report.detail = "auth plugin " + clean_text(reply.plugin, 40) + " not supported";
        }
        if (!co_await channel.write(sequence, answer.value_or(""), error)) {
          report.detail = error;
          co_return;
        }
        break;
      }
      case ReplyKind::auth_more_data: {
        if (reply.plugin_data == "\x03") break;  // caching_sha2 fast auth passed: OK follows
        if (reply.plugin_data != "\x04") {
          report.detail = "unexpected AuthMoreData";
          co_return;
        }
        // caching_sha2 full authentication wants the password itself: only over TLS. Over
        // plaintext, a one-byte answer that is not the public-key request ends it with ERR.
        std::string answer = std::string(1, '\0');
        if (tls) {
          answer = std::string(password) + '\0';
        } else {
          password_unsent = true;
          report.detail = "caching_sha2_password full authentication needs TLS";
        }
        if (!co_await channel.write(sequence, answer, error)) {
          report.detail = error;
          co_return;
        }
        break;
      }
      case ReplyKind::other:
        report.detail = "unexpected reply during authentication";
        co_return;
    }
  }
  report.detail = "too many authentication rounds";
}

}  // namespace

asio::awaitable<LoginReport> login(const asio::ip::tcp::endpoint& endpoint, std::string_view user,
                                   std::string_view password, TlsMode tls_mode,
                                   asio::ssl::context* tls_context,
                                   std::chrono::milliseconds timeout) {
  LoginReport report;
  std::error_code ec;
  std::unique_ptr<net::Connection> connection =
      co_await net::Connection::open(endpoint, timeout, ec);
  if (!connection) {
    report.detail = ec.message();
    co_return report;
  }
  PacketChannel channel(*connection, timeout);
  Packet packet;
  std::string error;
  if (!co_await channel.read(packet, error)) {
    report.detail = "greeting: " + error;
  } else if (!packet.payload.empty() && static_cast<uint8_t>(packet.payload[0]) == 0xff) {
    // The server refuses us before any handshake (host blocked, too many connections).
    const ServerReply reply = parse_server_reply(packet.payload);
    report.error_code = reply.error_code;
    report.detail = std::to_string(reply.error_code) + ": " + reply.message;
    report.status = status_for_error(reply.error_code);
    if (report.status == LoginStatus::rejected) report.status = LoginStatus::blocked;
  } else if (!(report.greeting = parse_greeting_payload(packet.payload))) {
    report.detail = "not a MySQL handshake";
  } else {
    co_await authenticate(*connection, channel, report, static_cast<uint8_t>(packet.sequence + 1),
                          user, password, tls_mode, tls_context, timeout);
  }
  connection->close();
  co_return report;
}

}  // namespace paicha::services::mysql
