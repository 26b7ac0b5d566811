#pragma once
// Reaching a service's TLS layer: directly (TLS from the first byte) or through the protocol's
// own upgrade (PostgreSQL SSLRequest, MySQL SSL request packet, FTP AUTH TLS). Used to inspect
// the certificate and protocol versions of any service that offers TLS.
#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ssl/context.hpp>
#include <memory>
#include <string>

#include "net/connection.h"

namespace paicha::services {

enum class TlsUpgrade { direct, postgresql, mysql, ftp, none };

// Which way leads to TLS for this service (from the identified service name).
TlsUpgrade tls_upgrade_for(const std::string& service);

// Connects, performs the upgrade and the TLS handshake. nullptr when TLS could not be reached;
// `why` then says what happened. For MySQL, `greeting_out` receives the server greeting: the
// caller must finish the handshake (services/farewell.h) before closing.
asio::awaitable<std::unique_ptr<net::Connection>> open_tls(asio::ip::tcp::endpoint endpoint,
                                                           TlsUpgrade upgrade,
                                                           asio::ssl::context& context,
                                                           net::Millis timeout, std::string& why,
                                                           std::string* greeting_out = nullptr);

// The 32-byte MySQL SSLRequest packet (protocol 4.1) with the given sequence id.
std::string mysql_ssl_request_packet(uint8_t sequence_id);

}  // namespace paicha::services
