#pragma once
// An FTP control connection for the checks (RFC 959, AUTH TLS from RFC 4217): one command, one
// reply, with every step bounded by the audit's timeout. Replies are parsed here from raw bytes
// (servers choose them), so the parser is fuzzed (fuzz/fuzz_ftp_reply.cpp).
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

namespace paicha::services::ftp {

struct FtpReply {
  int code = 0;
  std::vector<std::string> lines;  // the text of each line, codes and "\r\n" removed
  std::string raw;                 // the reply's bytes as received
  std::string summary() const;     // "530 Login incorrect.", cleaned and short, for notes
};

enum class ReplyState { incomplete, complete, malformed };

// Parses the first reply in `bytes` ("ddd text" or "ddd-text" ... "ddd text"). On `complete`,
// `consumed` is the number of bytes it took (a 150 and a 226 may arrive together).
ReplyState parse_reply(std::string_view bytes, FtpReply& out, size_t& consumed);

// The data port from a "227 Entering Passive Mode (h1,h2,h3,h4,p1,p2)" reply text, or from a
// "229 Entering Extended Passive Mode (|||port|)" one. The address of a 227 is ignored on
// purpose: data connections go to the control connection's host only (no FTP bounce).
std::optional<uint16_t> parse_pasv_port(std::string_view text);
std::optional<uint16_t> parse_epsv_port(std::string_view text);

// A user name or password that would smuggle a second command into the control connection.
bool unsafe_argument(std::string_view argument);

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
