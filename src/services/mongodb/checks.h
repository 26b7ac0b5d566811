#pragma once
// MongoDB audit: every rule of rules/mongodb.yaml plus generic.listen_all_interfaces.
//
// - mongodb.no_tls: a plaintext connection completes the hello handshake.
// - mongodb.unauthorized_access: listDatabases is answered without authentication.
// - mongodb.weak_password: SCRAM-SHA-256 / SCRAM-SHA-1 logins through guess_credentials().
// - with supplied credentials (or on an open server): getCmdLineOpts for auditLog
// (mongodb.no_audit)
//   and net.bindIp (generic.listen_all_interfaces), usersInfo for superuser accounts
//   (mongodb.root_users).
// Only read-only commands are sent: hello, listDatabases, getCmdLineOpts, buildInfo, usersInfo,
// saslStart and saslContinue.
#include <asio/awaitable.hpp>
#include <string>
#include <vector>

#include "services/check.h"
#include "services/guessing.h"

namespace paicha::services::mongodb {

asio::awaitable<void> audit_mongodb(AuditContext& context);

// Accounts tried first by mongodb.weak_password.
std::vector<std::string> default_users();

}  // namespace paicha::services::mongodb
