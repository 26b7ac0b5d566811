#pragma once
// SQL Server: whether the server forces encryption (from the PRELOGIN exchange alone), and
// budgeted weak-password guessing with TDS LOGIN7 sent inside TLS carried in TDS
// ([MS-TDS] 3.2.5.3; services/mssql/login.h).
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
