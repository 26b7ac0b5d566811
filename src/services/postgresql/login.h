#pragma once
// One PostgreSQL login over the network with the codec of wire.h: SSLRequest and TLS as asked,
// StartupMessage, the server's authentication method answered, the final answer read, then
// Terminate. Kept apart from the codec because clang 14 cannot build coroutines with the fuzzer
// instrumentation, and the codec must be fuzzed.
#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ssl/context.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "net/connection.h"
#include "services/guessing.h"

namespace paicha::services::postgresql {

// ---- One login over the network ---------------------------------------------------------------

enum class TlsMode {
  disable,  // plaintext only (no SSLRequest)
  prefer,   // SSLRequest; TLS when the server agrees, plaintext otherwise (libpq's default)
  require,  // SSLRequest; fail when the server declines
};

struct LoginAttempt {
  std::string user;
  std::optional<std::string> password;  // nullopt: give up (close) when the server asks for one
  std::string database = "postgres";
  TlsMode tls = TlsMode::prefer;
};

struct LoginReport {
  LoginResult result;
  std::optional<bool> tls_offered;  // the SSLRequest answer, when one was sent
  bool tls_used = false;
  bool password_requested = false;  // the server asked for a password (any method)
  std::string method;               // "trust", "password", "md5", "SCRAM-SHA-256", ...
  std::string sqlstate;             // of the ErrorResponse that ended the attempt, if any
};

// Maps the SQLSTATE of an authentication-phase ErrorResponse to a login outcome:
// 28P01 wrong password -> rejected; 28000 (no pg_hba.conf entry, role does not exist) ->
// no_such_user (this account cannot get in from here whatever the password); too many
// connections / server starting -> blocked; anything else -> error.
LoginOutcome outcome_for_sqlstate(std::string_view sqlstate);

// Connects, negotiates TLS as asked, sends the StartupMessage and answers the server's
// authentication request. On success it reads on until ReadyForQuery (or the error that
// follows authentication, such as a missing database), then sends Terminate. `tls` may be null
// (then TLS is never attempted).
asio::awaitable<LoginReport> attempt_login(asio::ip::tcp::endpoint endpoint, LoginAttempt attempt,
                                           net::Millis timeout, asio::ssl::context* tls);

}  // namespace paicha::services::postgresql
