#pragma once
// SSH weak/default passwords through libssh. Every attempt is its own session with exactly one
// password (or keyboard-interactive) authentication, so sshd's MaxAuthTries can never close a
// session mid-guess and each try shows up as one line in the server's log.
#include <asio/awaitable.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "services/check.h"
#include "services/guessing.h"

namespace paicha::services {

// The CheckFn and default accounts for services/audit_table.cpp.
asio::awaitable<void> audit_ssh(AuditContext& context);
std::vector<std::string> ssh_default_users();

}  // namespace paicha::services

namespace paicha::services::ssh {

std::vector<std::string> default_users();
asio::awaitable<void> run_checks(AuditContext& context);

// What the server lets `user` try, from a "none" authentication request (RFC 4252 5.2). The
// "none" request is not counted by sshd against MaxAuthTries.
struct AuthMethods {
  bool reachable = false;
  bool no_auth_needed = false;  // "none" was accepted
  bool password = false;
  bool keyboard_interactive = false;
  std::string error;
};

// Blocking (run through AuditContext::blocking()).
AuthMethods probe_auth_methods(const std::string& host, uint16_t port, Millis timeout,
                               const std::string& user);
LoginResult try_ssh_login(const std::string& host, uint16_t port, Millis timeout,
                          const std::string& user, const std::string& password,
                          bool keyboard_interactive);

}  // namespace paicha::services::ssh
