// Positive and negative cases of the generic TLS checks against in-process TLS servers whose
// certificates and protocol versions the test chooses: a 1024-bit RSA key, an expired
// certificate, a server that still speaks TLS 1.0/1.1, and a well-configured one.
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/experimental/as_tuple.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ssl.hpp>
#include <asio/use_future.hpp>
#include <set>
#include <thread>

#include "net/connection.h"
#include "services/generic/checks.h"

namespace paicha::services {

namespace {

struct CertSpec {
  int rsa_bits = 2048;
  long not_after_days = 365;  // negative: already expired
  int max_version = 0;        // 0: no cap
  int min_version = TLS1_2_VERSION;
};

// A TLS server on 127.0.0.1 with a freshly made self-signed certificate.
class TlsServer {
 public:
  explicit TlsServer(const CertSpec& spec) : ssl_(asio::ssl::context::tls_server) {
    EVP_PKEY* key = EVP_RSA_gen(static_cast<unsigned>(spec.rsa_bits));
    X509* cert = X509_new();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    X509_gmtime_adj(X509_getm_notBefore(cert), -3 * 365 * 86400L);
    X509_gmtime_adj(X509_getm_notAfter(cert), spec.not_after_days * 86400L);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("paicha-test"), -1, -1, 0);
    X509_set_issuer_name(cert, name);
    X509_sign(cert, key, EVP_sha256());
    SSL_CTX* native = ssl_.native_handle();
    SSL_CTX_set_security_level(native, 0);
    SSL_CTX_set_min_proto_version(native, spec.min_version);
    if (spec.max_version) SSL_CTX_set_max_proto_version(native, spec.max_version);
    SSL_CTX_set_cipher_list(native, "DEFAULT:@SECLEVEL=0");
    SSL_CTX_use_certificate(native, cert);
    SSL_CTX_use_PrivateKey(native, key);
    X509_free(cert);
    EVP_PKEY_free(key);
    acceptor_.open(asio::ip::tcp::v4());
    acceptor_.bind({asio::ip::make_address("127.0.0.1"), 0});
    acceptor_.listen();
    asio::co_spawn(io_, serve(), asio::detached);
    thread_ = std::thread([this] { io_.run(); });
  }
  ~TlsServer() {
    io_.stop();
    thread_.join();
  }
  uint16_t port() const { return acceptor_.local_endpoint().port(); }

 private:
  asio::awaitable<void> serve() {
    for (;;) {
      auto [ec, socket] =
          co_await acceptor_.async_accept(asio::experimental::as_tuple(asio::use_awaitable));
      if (ec) co_return;
      auto stream =
          std::make_shared<asio::ssl::stream<asio::ip::tcp::socket>>(std::move(socket), ssl_);
      asio::co_spawn(
          io_,
          [stream]() -> asio::awaitable<void> {
            auto [hs] = co_await stream->async_handshake(
                asio::ssl::stream_base::server, asio::experimental::as_tuple(asio::use_awaitable));
            (void)hs;
          },
          asio::detached);
    }
  }

  asio::io_context io_;
  asio::ssl::context ssl_;
  asio::ip::tcp::acceptor acceptor_{io_};
  std::thread thread_;
};

std::set<std::string> audit_rules(uint16_t port) {
  asio::io_context io;
  AuditContext context;
  context.asset.host = "127.0.0.1";
  context.asset.port = port;
  context.asset.service = "http";
  context.asset.tls = true;
  context.endpoint = {asio::ip::make_address("127.0.0.1"), port};
  context.timeout = std::chrono::milliseconds(3000);
  context.tls_context = net::make_inspection_tls_context();
  auto done = asio::co_spawn(io, audit_generic(context), asio::use_future);
  io.run();
  done.get();
  std::set<std::string> rules;
  for (const auto& f : context.take_findings()) rules.insert(f.rule);
  return rules;
}

}  // namespace

TEST(GenericTls, ShortRsaKeyIsReported) {
  TlsServer server({.rsa_bits = 1024});
  auto rules = audit_rules(server.port());
  EXPECT_TRUE(rules.count("tls.weak_rsa_key"));
  EXPECT_TRUE(rules.count("tls.self_signed_certificate"));
}

TEST(GenericTls, ExpiredCertificateIsReported) {
  TlsServer server({.not_after_days = -10});
  EXPECT_TRUE(audit_rules(server.port()).count("tls.expired_certificate"));
}

TEST(GenericTls, LegacyProtocolIsReported) {
  TlsServer server({.min_version = TLS1_VERSION});
  EXPECT_TRUE(audit_rules(server.port()).count("tls.weak_protocol"));
}

TEST(GenericTls, ModernServerHasOnlyTheSelfSignedNote) {
  TlsServer server({});
  auto rules = audit_rules(server.port());
  EXPECT_FALSE(rules.count("tls.weak_rsa_key"));
  EXPECT_FALSE(rules.count("tls.expired_certificate"));
  EXPECT_FALSE(rules.count("tls.weak_protocol"));
  EXPECT_TRUE(rules.count("tls.self_signed_certificate"));
}

TEST(GenericChecks, PublicAddressClassification) {
  for (const char* a : {"127.0.0.1", "10.1.2.3", "172.20.0.1", "192.168.1.1", "100.64.0.1",
                        "169.254.1.1", "::1", "fd00::1", "fe80::1"})
    EXPECT_FALSE(is_public_address(a)) << a;
  for (const char* a : {"8.8.8.8", "1.2.3.4", "2400:3200::1"})
    EXPECT_TRUE(is_public_address(a)) << a;
  EXPECT_FALSE(is_public_address("not an address"));
}

}  // namespace paicha::services
