#pragma once
// Leaving a server politely after reading its greeting, for protocols that punish clients who
// hang up mid-handshake (MySQL/MariaDB block a host after max_connect_errors aborted connects).
#include <asio/awaitable.hpp>
#include <string_view>

#include "net/connection.h"

namespace paicha::services {

// Finishes the handshake `service` started with `greeting` on `conn` (a refused login for a
// non-existent account), reading every reply. Does nothing for protocols that do not need it.
asio::awaitable<void> finish_handshake(net::Connection& conn, std::string_view service,
                                       std::string_view greeting, bool after_tls,
                                       net::Millis timeout);

}  // namespace paicha::services
