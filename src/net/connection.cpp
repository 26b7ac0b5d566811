#include "net/connection.h"

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <asio/connect.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>

namespace paicha::net {

using asio::experimental::as_tuple;
using namespace asio::experimental::awaitable_operators;
constexpr auto kTuple = as_tuple(asio::use_awaitable);

asio::awaitable<std::unique_ptr<Connection>> Connection::open(asio::ip::tcp::endpoint endpoint,
                                                              Millis timeout, std::error_code& ec) {
  auto executor = co_await asio::this_coro::executor;
  asio::ip::tcp::socket socket(executor);
  asio::steady_timer timer(executor);
  timer.expires_after(timeout);
  auto outcome = co_await (socket.async_connect(endpoint, kTuple) || timer.async_wait(kTuple));
  if (outcome.index() == 1) {
    ec = asio::error::timed_out;
    co_return nullptr;
  }
  ec = std::get<0>(std::get<0>(outcome));
  if (ec) co_return nullptr;
  socket.set_option(asio::ip::tcp::no_delay(true), ec);
  ec.clear();
  co_return std::unique_ptr<Connection>(new Connection(std::move(socket)));
}

asio::awaitable<bool> Connection::start_tls(asio::ssl::context& context, Millis timeout,
                                            std::error_code& ec) {
  tls_ = std::make_unique<asio::ssl::stream<asio::ip::tcp::socket&>>(socket_, context);
  // SNI is harmless and some servers refuse handshakes without it.
  asio::steady_timer timer(socket_.get_executor());
  timer.expires_after(timeout);
  auto outcome = co_await (tls_->async_handshake(asio::ssl::stream_base::client, kTuple) ||
                           timer.async_wait(kTuple));
  if (outcome.index() == 1) {
    ec = asio::error::timed_out;
    tls_.reset();
    co_return false;
  }
  ec = std::get<0>(std::get<0>(outcome));
  if (ec) {
    tls_.reset();
    co_return false;
  }
  co_return true;
}

asio::awaitable<bool> Connection::write_all(std::string_view data, Millis timeout,
                                            std::error_code& ec) {
  asio::steady_timer timer(socket_.get_executor());
  timer.expires_after(timeout);
  auto buffer = asio::buffer(data.data(), data.size());
  std::variant<std::tuple<std::error_code, size_t>, std::tuple<std::error_code>> outcome;
  if (tls_)
    outcome = co_await (asio::async_write(*tls_, buffer, kTuple) || timer.async_wait(kTuple));
  else
    outcome = co_await (asio::async_write(socket_, buffer, kTuple) || timer.async_wait(kTuple));
  if (outcome.index() == 1) {
    ec = asio::error::timed_out;
    co_return false;
  }
  ec = std::get<0>(std::get<0>(outcome));
  co_return !ec;
}

asio::awaitable<size_t> Connection::read_some(std::string& into, Millis timeout,
                                              std::error_code& ec, size_t max_bytes) {
  char buffer[16384];
  const size_t want = std::min(max_bytes, sizeof buffer);
  if (want == 0) co_return 0;
  asio::steady_timer timer(socket_.get_executor());
  timer.expires_after(timeout);
  std::variant<std::tuple<std::error_code, size_t>, std::tuple<std::error_code>> outcome;
  if (tls_)
    outcome = co_await (tls_->async_read_some(asio::buffer(buffer, want), kTuple) ||
                        timer.async_wait(kTuple));
  else
    outcome = co_await (socket_.async_read_some(asio::buffer(buffer, want), kTuple) ||
                        timer.async_wait(kTuple));
  if (outcome.index() == 1) {
    ec = asio::error::timed_out;
    co_return 0;
  }
  auto [error, n] = std::get<0>(outcome);
  ec = error;
  into.append(buffer, n);
  co_return n;
}

std::optional<TlsSessionInfo> Connection::tls_info() const {
  if (!tls_) return std::nullopt;
  SSL* ssl = const_cast<asio::ssl::stream<asio::ip::tcp::socket&>&>(*tls_).native_handle();
  TlsSessionInfo info;
  info.protocol = SSL_get_version(ssl);
  if (const char* cipher = SSL_get_cipher_name(ssl)) info.cipher = cipher;
  if (X509* cert = SSL_get1_peer_certificate(ssl)) {
    if (EVP_PKEY* key = X509_get0_pubkey(cert)) {
      info.key_bits = EVP_PKEY_get_bits(key);
      info.key_type = EVP_PKEY_get0_type_name(key) ? EVP_PKEY_get0_type_name(key) : "";
    }
    info.self_signed = X509_check_issued(cert, cert) == X509_V_OK;
    info.expired = X509_cmp_current_time(X509_get0_notAfter(cert)) < 0;
    char subject[256];
    X509_NAME_oneline(X509_get_subject_name(cert), subject, sizeof subject);
    info.subject = subject;
    X509_free(cert);
  }
  return info;
}

void Connection::close() {
  std::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

std::shared_ptr<asio::ssl::context> make_inspection_tls_context() {
  auto context = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_client);
  context->set_verify_mode(asio::ssl::verify_none);
  SSL_CTX* native = context->native_handle();
  // Reach old servers too: their weakness is what gets reported.
  SSL_CTX_set_min_proto_version(native, 0);
  SSL_CTX_set_security_level(native, 0);
  SSL_CTX_set_options(native, SSL_OP_LEGACY_SERVER_CONNECT);
  return context;
}

}  // namespace paicha::net
