#pragma once
// One connection to a Redis server that sends commands (pipelined when several) and reads
// their replies, every step bounded by the timeout.
#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ssl/context.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "net/connection.h"
#include "services/redis/resp.h"

namespace paicha::services::redis {

using Command = std::vector<std::string>;

class RespSession {
 public:
  // `tls` non-null: the port speaks TLS first. Returns nullptr and sets `problem` on failure.
  static asio::awaitable<std::unique_ptr<RespSession>> open(asio::ip::tcp::endpoint endpoint,
                                                            asio::ssl::context* tls,
                                                            net::Millis timeout,
                                                            std::string& problem);

  // Sends all commands in one write and reads one reply per command. nullopt (with `problem`)
  // when the connection failed or a reply was malformed; the session is unusable after that.
  asio::awaitable<std::optional<std::vector<RespValue>>> pipeline(std::vector<Command> commands,
                                                                  std::string& problem);
  asio::awaitable<std::optional<RespValue>> call(Command command, std::string& problem);

  // QUIT, wait for its +OK (so the server logs a clean disconnect), close.
  asio::awaitable<void> quit();

  bool is_tls() const { return connection_->is_tls(); }

 private:
  RespSession(std::unique_ptr<net::Connection> connection, net::Millis timeout)
      : connection_(std::move(connection)), timeout_(timeout) {}
  asio::awaitable<std::optional<RespValue>> read_reply(std::string& problem);

  std::unique_ptr<net::Connection> connection_;
  net::Millis timeout_;
  std::string buffer_;
  bool broken_ = false;
};

}  // namespace paicha::services::redis
