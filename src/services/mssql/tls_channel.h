#pragma once
// TLS driven through memory buffers. SQL Server carries its TLS handshake inside TDS PRELOGIN
// packets ([MS-TDS] 3.2.5.3), so TLS cannot own the socket: the caller moves the bytes.
#include <openssl/ssl.h>

#include <string>
#include <string_view>

namespace paicha::services::mssql {

class TlsChannel {
 public:
  // `context` must outlive the channel. `server` picks the accepting side (used by tests).
  TlsChannel(SSL_CTX* context, bool server);
  ~TlsChannel();
  TlsChannel(const TlsChannel&) = delete;
  TlsChannel& operator=(const TlsChannel&) = delete;

  enum class Step { done, want_bytes, failed };
  // Feeds what the peer sent and advances the handshake; whatever must go to the peer is
  // appended to `outgoing`.
  Step handshake(std::string_view incoming, std::string& outgoing);

  // Application data to TLS records, and back. decrypt() returns false on a TLS error; it
  // appends to `plain` what the records so far complete.
  std::string encrypt(std::string_view plain);
  bool decrypt(std::string_view records, std::string& plain);

  const std::string& error() const { return error_; }

 private:
  std::string drain_output();
  SSL* ssl_ = nullptr;
  BIO* from_peer_ = nullptr;  // owned by ssl_
  BIO* to_peer_ = nullptr;    // owned by ssl_
  std::string error_;
};

}  // namespace paicha::services::mssql
