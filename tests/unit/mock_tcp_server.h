#pragma once
// A scripted TCP server for tests of protocol clients whose servers have no Debian package
// (MongoDB, Elasticsearch). It listens on 127.0.0.1 on an ephemeral port, runs on its own thread,
// and gives every connection a fresh Session that turns the bytes received so far into replies.
// Optionally TLS-only, with a throw-away self-signed certificate made at start.
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ssl.hpp>
#include <asio/use_awaitable.hpp>
#include <asio/write.hpp>
#include <atomic>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace paicha::testing {

class MockTcpServer {
 public:
  // What a session decides after looking at everything received and not yet consumed.
  struct Step {
    size_t consumed = 0;  // bytes of `pending` used up; 0 with no reply = wait for more bytes
    std::string reply;    // bytes to send back
    bool close = false;   // close the connection after sending
  };
  class Session {
   public:
    virtual ~Session() = default;
    virtual Step on_bytes(std::string_view pending) = 0;
  };
  using SessionFactory = std::function<std::unique_ptr<Session>()>;

  // One request/reply pair of a fixed script: `expect` sees the pending bytes and returns how
  // many form the request (0 = incomplete).
  struct Exchange {
    std::function<size_t(std::string_view pending)> expect;
    std::string reply;
    bool close = false;
  };
  // A factory whose sessions play `exchanges` in order, then close.
  static SessionFactory script(std::vector<Exchange> exchanges) {
    struct Scripted : Session {
      std::vector<Exchange> exchanges;
      size_t next = 0;
      Step on_bytes(std::string_view pending) override {
        if (next >= exchanges.size()) return Step{pending.size(), {}, true};
        const size_t used = exchanges[next].expect(pending);
        if (used == 0) return {};
        const Exchange& e = exchanges[next++];
        return Step{used, e.reply, e.close || next == exchanges.size()};
      }
    };
    return [exchanges = std::move(exchanges)] {
      auto session = std::make_unique<Scripted>();
      session->exchanges = exchanges;
      return session;
    };
  }

  explicit MockTcpServer(SessionFactory factory, bool tls = false)
      : factory_(std::move(factory)),
        acceptor_(io_, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0)) {
    if (tls) tls_ = make_self_signed_context();
    asio::co_spawn(io_, accept_loop(), asio::detached);
    thread_ = std::thread([this] { io_.run(); });
  }
  ~MockTcpServer() {
    io_.stop();
    thread_.join();
  }
  MockTcpServer(const MockTcpServer&) = delete;
  MockTcpServer& operator=(const MockTcpServer&) = delete;

  asio::ip::tcp::endpoint endpoint() const { return acceptor_.local_endpoint(); }
  int connections() const { return connections_.load(); }

  // A server context with a throw-away self-signed P-256 certificate for CN localhost.
  static std::shared_ptr<asio::ssl::context> make_self_signed_context() {
    EVP_PKEY* key = EVP_EC_gen("P-256");
    X509* cert = X509_new();
    if (!key || !cert) throw std::runtime_error("mock TLS: key generation failed");
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), 0);
    X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509_sign(cert, key, EVP_sha256());
    auto context = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
    SSL_CTX_use_certificate(context->native_handle(), cert);
    SSL_CTX_use_PrivateKey(context->native_handle(), key);
    X509_free(cert);
    EVP_PKEY_free(key);
    return context;
  }

 private:
  static constexpr auto kTuple = asio::experimental::as_tuple(asio::use_awaitable);

  asio::awaitable<void> accept_loop() {
    while (true) {
      auto [ec, socket] = co_await acceptor_.async_accept(kTuple);
      if (ec) co_return;
      ++connections_;
      if (tls_)
        asio::co_spawn(io_, serve_tls(std::move(socket)), asio::detached);
      else
        asio::co_spawn(io_, serve_plain(std::move(socket)), asio::detached);
    }
  }

  asio::awaitable<void> serve_plain(asio::ip::tcp::socket socket) {
    co_await serve(socket);
    std::error_code ignored;
    socket.close(ignored);
  }

  asio::awaitable<void> serve_tls(asio::ip::tcp::socket socket) {
    asio::ssl::stream<asio::ip::tcp::socket> stream(std::move(socket), *tls_);
    auto [ec] = co_await stream.async_handshake(asio::ssl::stream_base::server, kTuple);
    if (!ec) {
      co_await serve(stream);
      co_await stream.async_shutdown(kTuple);
    }
    std::error_code ignored;
    stream.lowest_layer().close(ignored);
  }

  template <typename Stream>
  asio::awaitable<void> serve(Stream& stream) {
    std::unique_ptr<Session> session = factory_();
    std::string pending;
    char buffer[65536];
    while (true) {
      auto [ec, n] = co_await stream.async_read_some(asio::buffer(buffer), kTuple);
      if (ec) co_return;
      pending.append(buffer, n);
      while (true) {
        Step step = session->on_bytes(pending);
        if (step.consumed == 0 && step.reply.empty() && !step.close) break;
        pending.erase(0, std::min(step.consumed, pending.size()));
        if (!step.reply.empty()) {
          auto [write_ec, written] =
              co_await asio::async_write(stream, asio::buffer(step.reply), kTuple);
          (void)written;
          if (write_ec) co_return;
        }
        if (step.close) co_return;
        if (step.consumed == 0) break;
      }
    }
  }

  SessionFactory factory_;
  asio::io_context io_;
  asio::ip::tcp::acceptor acceptor_;
  std::shared_ptr<asio::ssl::context> tls_;
  std::atomic<int> connections_{0};
  std::thread thread_;
};

}  // namespace paicha::testing
