#pragma once
// The audit of one MySQL/MariaDB endpoint (service "mysql"):
//  - without credentials: root with an empty password and the anonymous account (each one
//    complete login), TLS offered or not (from the greeting of those logins), budgeted
//    password guessing, and whether a plaintext login is accepted when TLS is offered;
//  - with credentials supplied by --creds: accounts (anonymous, remote root, '%' with global
//    privileges), audit plugin and general log, binlog retention, bind_address, read with
//    libmariadb in a read-only transaction.
#include <asio/awaitable.hpp>
#include <string>
#include <vector>

#include "services/check.h"

namespace paicha::services::mysql {

asio::awaitable<void> audit_mysql(AuditContext& context);

// Accounts worth guessing on a MySQL-family server, most likely first.
const std::vector<std::string>& default_users();

}  // namespace paicha::services::mysql
