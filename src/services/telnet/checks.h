#pragma once
// Telnet: the service itself is the finding (telnet.plaintext: every login crosses the network
// in clear), and weak/default passwords are tried at its login prompt, one connection per
// attempt, refusing every Telnet option.
#include <asio/awaitable.hpp>
#include <string>
#include <vector>

#include "services/check.h"
#include "services/guessing.h"

namespace paicha::services::telnet {

asio::awaitable<void> audit_telnet(AuditContext& context);

std::vector<std::string> default_telnet_users();

// One login on its own connection: wait for "login:", send the user, wait for "Password:",
// send the password, then a shell prompt means success and "Login incorrect" (or a new login
// prompt) means rejected. Strings by value: the coroutine may outlive the caller's arguments.
asio::awaitable<LoginResult> try_telnet_login(AuditContext& context, std::string user,
                                              std::string password);

}  // namespace paicha::services::telnet
