#pragma once
// Password guessing against Redis, shaped for speed: Redis lets a client retry AUTH on the same
// connection, so a failed guess keeps its connection for the next one and each guess costs one
// round trip. Every AUTH gets its reply read before the next is sent, so the server's count of
// attempts equals guess_credentials' count.
#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ssl/context.hpp>
#include <memory>
#include <string>
#include <vector>

#include "services/guessing.h"
#include "services/redis/session.h"

namespace paicha::services::redis {

// AUTH <password> for the legacy/default user (works on every version, and on Redis 6+ it
// means the `default` ACL user), AUTH <user> <password> for other ACL users.
Command auth_command(const std::string& user, const std::string& password);

// How one AUTH reply counts for guess_credentials.
LoginResult classify_auth_reply(const RespValue& reply);

class AuthPool {
 public:
  AuthPool(asio::ip::tcp::endpoint endpoint, asio::ssl::context* tls, Millis timeout)
      : endpoint_(endpoint), tls_(tls), timeout_(timeout) {}

  // A TryLogin for guess_credentials. Single-threaded executor only (no locking).
  asio::awaitable<LoginResult> try_login(const std::string& user, const std::string& password);

  // Says QUIT on every idle connection. Call before the pool goes away.
  asio::awaitable<void> close();

 private:
  asio::ip::tcp::endpoint endpoint_;
  asio::ssl::context* tls_;
  Millis timeout_;
  std::vector<std::unique_ptr<RespSession>> idle_;
};

}  // namespace paicha::services::redis
