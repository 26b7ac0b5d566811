#pragma once
// An asynchronous MySQL login that always completes the exchange.
//
// Why raw bytes rather than libmariadb for logins: guessing must be fast (many logins in
// flight on one thread) and must end every handshake properly. An aborted handshake counts
// towards the server's max_connect_errors and can get the inspecting host blocked.
#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ssl/context.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "services/mysql/wire.h"

namespace paicha::services::mysql {

enum class TlsMode { prefer, never };

struct LoginReport {
  LoginStatus status = LoginStatus::error;
  std::optional<Greeting> greeting;
  bool used_tls = false;
  uint16_t error_code = 0;
  std::string detail;  // server message or what went wrong, cleaned for display
};

// One complete login: greeting, (SSLRequest + TLS when preferred and offered), handshake
// response, auth switches, the server's final OK or ERR, then COM_QUIT after an OK.
asio::awaitable<LoginReport> login(const asio::ip::tcp::endpoint& endpoint, std::string_view user,
                                   std::string_view password, TlsMode tls_mode,
                                   asio::ssl::context* tls_context,
                                   std::chrono::milliseconds timeout);

}  // namespace paicha::services::mysql
