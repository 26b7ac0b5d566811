#pragma once
// Names the service behind an open port by speaking the first bytes of each protocol
// (services/probe.h), nmap-style: listen for a greeting, then try the likely probe, then the
// rest, then the same over TLS. Never guesses from the port number alone.
#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ssl/context.hpp>
#include <chrono>
#include <memory>

#include "core/asset.h"
#include "net/connection.h"

namespace paicha::net {

struct IdentifyOptions {
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds read_timeout{1500};  // for one probe's reply
  std::chrono::milliseconds greeting_wait{500};  // silence before paicha speaks first
  std::chrono::milliseconds budget{12000};       // per port; then report what is known
  bool try_tls = true;
};

// Fills service/product/version/tls/banner/info of an Asset for `endpoint`. host/port are set
// from the endpoint; the caller adds the host name. `connected`, when given, is an unused
// connection to the endpoint (the scan's own): reading the greeting on it instead of hanging up
// matters to servers that count connections closed before login (MySQL's host block).
asio::awaitable<Asset> identify_service(asio::ip::tcp::endpoint endpoint, IdentifyOptions options,
                                        std::shared_ptr<asio::ssl::context> tls_context,
                                        std::unique_ptr<Connection> connected = nullptr);

}  // namespace paicha::net
