#pragma once
// SQL Server: whether the server forces encryption, from the TDS PRELOGIN exchange alone (no
// login is sent). Weak-password guessing needs TDS LOGIN7, which a server that supports
// encryption only accepts inside TLS carried in TDS packets ([MS-TDS] 3.3.5.2); that is not
// implemented, and the check says so in a note instead of half-doing it.
#include <asio/awaitable.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/check.h"
#include "services/mssql/probe.h"

namespace paicha::services {

// The CheckFn and default accounts for services/audit_table.cpp.
asio::awaitable<void> audit_mssql(AuditContext& context);
std::vector<std::string> mssql_default_users();

}  // namespace paicha::services

namespace paicha::services::mssql {

// The ENCRYPTION answer of a complete PRELOGIN reply; nullopt when the reply is not one.
std::optional<Encryption> prelogin_encryption(std::string_view reply);

}  // namespace paicha::services::mssql
