#pragma once
// FTP checks: anonymous login (and whether it can list), plaintext transmission (no AUTH TLS,
// or TLS offered but a plaintext login still accepted), and weak passwords, guessed over
// AUTH TLS when the server demands encryption for logins. Nothing is ever uploaded, deleted or
// renamed: the only commands sent are FEAT, AUTH TLS, USER, PASS, EPSV/PASV, NLST and QUIT.
#include <asio/awaitable.hpp>
#include <string>
#include <vector>

#include "services/check.h"
#include "services/guessing.h"

namespace paicha::services {

// The CheckFn and default accounts for services/audit_table.cpp.
asio::awaitable<void> audit_ftp(AuditContext& context);
std::vector<std::string> ftp_default_users();

}  // namespace paicha::services

namespace paicha::services::ftp {

std::vector<std::string> default_users();
asio::awaitable<void> run_checks(AuditContext& context);

// One login exchange on its own connection (greeting, [AUTH TLS], USER, PASS, QUIT).
// Takes its strings by value: the coroutine may outlive the caller's arguments.
asio::awaitable<LoginResult> try_ftp_login(AuditContext& context, bool over_tls, std::string user,
                                           std::string password);

}  // namespace paicha::services::ftp
