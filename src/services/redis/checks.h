#pragma once
// The Redis audit: unauthenticated access, weak passwords, protected mode, listening address,
// dangerous commands, plaintext transport and the missing audit log (rules/redis.yaml).
// Read-only: the only commands sent are INFO, DBSIZE, AUTH, CONFIG GET, COMMAND INFO,
// ACL WHOAMI, ACL DRYRUN, ACL GETUSER and QUIT.
#include <asio/awaitable.hpp>
#include <string>
#include <vector>

#include "services/check.h"

namespace paicha::services {

asio::awaitable<void> audit_redis(AuditContext& context);

// Accounts worth guessing on Redis: "default" means the legacy `AUTH <password>`.
std::vector<std::string> redis_default_users();

}  // namespace paicha::services
