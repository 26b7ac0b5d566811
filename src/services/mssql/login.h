#pragma once
// One SQL Server login attempt with SQL authentication: PRELOGIN, the TLS handshake carried in
// TDS when the server supports encryption, LOGIN7 (always inside TLS then), and the answer.
// Nothing is sent after the answer: the connection is closed, so no query ever runs.
#include <asio/awaitable.hpp>
#include <asio/ip/tcp.hpp>
#include <string>

#include "services/check.h"
#include "services/guessing.h"

namespace paicha::services::mssql {

asio::awaitable<LoginResult> try_login(asio::ip::tcp::endpoint endpoint, Millis timeout,
                                       const std::string& user, const std::string& password);

}  // namespace paicha::services::mssql
