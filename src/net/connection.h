#pragma once
// One TCP connection for identification and checks, optionally wrapped in TLS, with every
// operation bounded by a timeout. Errors are returned, never thrown: a hostile or dead peer is
// the normal case here.
#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ssl.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace paicha::net {

using Millis = std::chrono::milliseconds;

// Facts about the TLS session, for plaintext_transmission checks.
struct TlsSessionInfo {
  std::string protocol;  // "TLSv1.3"
  std::string cipher;
  int key_bits = 0;      // public key size of the leaf certificate
  std::string key_type;  // "RSA", "EC", ...
  bool self_signed = false;
  bool expired = false;
  std::string subject;
};

class Connection {
 public:
  static asio::awaitable<std::unique_ptr<Connection>> open(asio::ip::tcp::endpoint endpoint,
                                                           Millis timeout, std::error_code& ec);

  // Takes over a socket that is already connected (the scan's own connection to an open port).
  static std::unique_ptr<Connection> adopt(asio::ip::tcp::socket socket) {
    return std::unique_ptr<Connection>(new Connection(std::move(socket)));
  }

  // Upgrades this connection to TLS (client side, no certificate verification: paicha inspects
  // certificates, it does not trust them).
  asio::awaitable<bool> start_tls(asio::ssl::context& context, Millis timeout, std::error_code& ec);

  asio::awaitable<bool> write_all(std::string_view data, Millis timeout, std::error_code& ec);
  // Appends what arrives to `into`; returns bytes read (0 on timeout, EOF or error; see ec).
  asio::awaitable<size_t> read_some(std::string& into, Millis timeout, std::error_code& ec,
                                    size_t max_bytes = 16384);

  bool is_tls() const { return tls_ != nullptr; }
  std::optional<TlsSessionInfo> tls_info() const;
  void close();

 private:
  explicit Connection(asio::ip::tcp::socket socket) : socket_(std::move(socket)) {}
  asio::ip::tcp::socket socket_;
  std::unique_ptr<asio::ssl::stream<asio::ip::tcp::socket&>> tls_;
};

// A client context that accepts any certificate and every protocol version OpenSSL allows,
// so that weak servers can still be reached and reported.
std::shared_ptr<asio::ssl::context> make_inspection_tls_context();

}  // namespace paicha::net
