#pragma once
// An FTP control connection for the checks (RFC 959, AUTH TLS from RFC 4217): one command, one
// reply, with every step bounded by the audit's timeout.
#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ssl/context.hpp>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "net/connection.h"
#include "services/ftp/reply.h"

namespace paicha::services::ftp {

class ControlSession {
 public:
  // Connects and reads the greeting; nullptr with `why` set when that fails.
  static asio::awaitable<std::unique_ptr<ControlSession>> open(asio::ip::tcp::endpoint endpoint,
                                                               net::Millis timeout,
                                                               std::string& why);

  const FtpReply& greeting() const { return greeting_; }
  bool is_tls() const { return connection_->is_tls(); }

  // Sends `line` + CRLF and reads the reply; nullopt on network failure, timeout or garbage.
  asio::awaitable<std::optional<FtpReply>> command(std::string line);
  asio::awaitable<std::optional<FtpReply>> read_reply();

  // AUTH TLS, then the handshake. False with `why` set when the server refuses or TLS fails.
  asio::awaitable<bool> upgrade_tls(asio::ssl::context& context, std::string& why);

  // QUIT, read the 221 (a polite goodbye keeps servers from logging aborted sessions), close.
  asio::awaitable<void> quit();

 private:
  ControlSession(std::unique_ptr<net::Connection> connection, net::Millis timeout)
      : connection_(std::move(connection)), timeout_(timeout) {}
  std::unique_ptr<net::Connection> connection_;
  net::Millis timeout_;
  std::string buffer_;
  FtpReply greeting_;
};

}  // namespace paicha::services::ftp
