#pragma once
// Budgeted credential guessing shared by every weak_password check. The service module only
// says how to try one login; this enforces the safety rules (DESIGN.md, "Safety"):
// at most max_attempts_per_account tries per account per run, a per-host pace, bounded
// concurrency, and a stop at the first success.
#include <asio/awaitable.hpp>
#include <functional>
#include <optional>
#include <string>

#include "services/check.h"

namespace paicha::services {

enum class LoginOutcome {
  success,       // the credential works
  rejected,      // wrong password (counts against the budget)
  no_such_user,  // the service said the account does not exist: stop trying it
  blocked,       // the service refuses us (lockout, host blocked, too many connections): stop
  error,         // network or protocol failure: counts, and is retried only within budget
};

struct LoginResult {
  LoginOutcome outcome = LoginOutcome::error;
  std::string detail;  // server message, for notes
};

using TryLogin = std::function<asio::awaitable<LoginResult>(const std::string& user,
                                                            const std::string& password)>;

struct GuessResult {
  std::optional<Credential> found;
  int attempts = 0;  // logins actually sent
  bool stopped_blocked = false;
  std::string detail;
};

// Tries plan.users x plan.passwords in order (each account's passwords in turn), within the
// plan's budget. `users` overrides plan.users when given (e.g. a service with no accounts).
asio::awaitable<GuessResult> guess_credentials(AuditContext& context, const TryLogin& try_login,
                                               const std::vector<std::string>* users = nullptr);

// "ro****23": enough to recognise, never enough to use. Empty stays "(空)"/"(empty)".
std::string mask_secret(std::string_view secret);

}  // namespace paicha::services
