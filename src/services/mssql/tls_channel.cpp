#include "services/mssql/tls_channel.h"

#include <openssl/err.h>

namespace paicha::services::mssql {

namespace {

std::string openssl_error() {
  const unsigned long code = ERR_get_error();
  ERR_clear_error();
  if (code == 0) return "TLS handshake failed";
  char text[256];
  ERR_error_string_n(code, text, sizeof text);
  return text;
}

}  // namespace

TlsChannel::TlsChannel(SSL_CTX* context, bool server) {
  ssl_ = SSL_new(context);
  from_peer_ = BIO_new(BIO_s_mem());
  to_peer_ = BIO_new(BIO_s_mem());
  if (!ssl_ || !from_peer_ || !to_peer_) {
    BIO_free(from_peer_);
    BIO_free(to_peer_);
    from_peer_ = to_peer_ = nullptr;
    error_ = "out of memory for TLS";
    return;
  }
  // An empty memory BIO means "no bytes yet", not end of file.
  BIO_set_mem_eof_return(from_peer_, -1);
  SSL_set_bio(ssl_, from_peer_, to_peer_);
  // TDS 7.x carries TLS up to 1.2 in PRELOGIN packets; TLS 1.3 arrives only with TDS 8, which
  // starts TLS before any TDS byte.
  SSL_set_max_proto_version(ssl_, TLS1_2_VERSION);
  if (server)
    SSL_set_accept_state(ssl_);
  else
    SSL_set_connect_state(ssl_);
}

TlsChannel::~TlsChannel() {
  if (ssl_) SSL_free(ssl_);
}

std::string TlsChannel::drain_output() {
  std::string out;
  char buffer[4096];
  int n = 0;
  while (to_peer_ && (n = BIO_read(to_peer_, buffer, sizeof buffer)) > 0) out.append(buffer, n);
  return out;
}

TlsChannel::Step TlsChannel::handshake(std::string_view incoming, std::string& outgoing) {
  if (!ssl_ || !from_peer_) return Step::failed;
  if (!incoming.empty()) BIO_write(from_peer_, incoming.data(), static_cast<int>(incoming.size()));
  const int rc = SSL_do_handshake(ssl_);
  outgoing += drain_output();
  if (rc == 1) return Step::done;
  const int reason = SSL_get_error(ssl_, rc);
  if (reason == SSL_ERROR_WANT_READ) return Step::want_bytes;
  error_ = openssl_error();
  return Step::failed;
}

std::string TlsChannel::encrypt(std::string_view plain) {
  if (!ssl_ || plain.empty()) return {};
  if (SSL_write(ssl_, plain.data(), static_cast<int>(plain.size())) <= 0) {
    error_ = openssl_error();
    return {};
  }
  return drain_output();
}

bool TlsChannel::decrypt(std::string_view records, std::string& plain) {
  if (!ssl_ || !from_peer_) return false;
  if (!records.empty()) BIO_write(from_peer_, records.data(), static_cast<int>(records.size()));
  char buffer[4096];
  while (true) {
    const int n = SSL_read(ssl_, buffer, sizeof buffer);
    if (n > 0) {
      plain.append(buffer, static_cast<size_t>(n));
      continue;
    }
    const int reason = SSL_get_error(ssl_, n);
    if (reason == SSL_ERROR_WANT_READ) return true;
    if (reason == SSL_ERROR_ZERO_RETURN) return true;  // close_notify: the records so far count
    error_ = openssl_error();
    return false;
  }
}

}  // namespace paicha::services::mssql
