#pragma once
// Telnet: the service itself is the finding (telnet.plaintext: every login crosses the network
// in clear), and weak/default passwords are tried at its login prompt, one connection per
// attempt, refusing every Telnet option.
#include <asio/awaitable.hpp>
#include <string>
#include <vector>

#include "services/check.h"
#include "services/guessing.h"

namespace paicha::services {

// The CheckFn and default accounts for services/audit_table.cpp.
asio::awaitable<void> audit_telnet(AuditContext& context);
std::vector<std::string> telnet_default_users();

}  // namespace paicha::services

namespace paicha::services::telnet {

std::vector<std::string> default_users();
asio::awaitable<void> run_checks(AuditContext& context);

// One login on its own connection: wait for "login:", send the user, wait for "Password:",
// send the password, then a shell prompt means success and "Login incorrect" (or a new login
// prompt) means rejected. Strings by value: the coroutine may outlive the caller's arguments.
asio::awaitable<LoginResult> try_telnet_login(AuditContext& context, std::string user,
                                              std::string password);

}  // namespace paicha::services::telnet
