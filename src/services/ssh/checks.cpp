#include "services/ssh/checks.h"

#include <fmt/format.h>

#include <libssh/libssh.h>
#include <algorithm>

#include <memory>

#include "core/i18n.h"
#include "services/probe_util.h"

namespace paicha::services::ssh {

namespace {

struct SessionFree {
  void operator()(ssh_session session) const {
    if (ssh_is_connected(session)) ssh_disconnect(session);  // a polite SSH_MSG_DISCONNECT
    ssh_free(session);
  }
};
using Session = std::unique_ptr<ssh_session_struct, SessionFree>;

// A session that reads no user configuration or known_hosts (paicha inspects host keys, it
// does not trust or record them) and also accepts the legacy algorithms old servers need.
Session connect(const std::string& host, uint16_t port, Millis timeout, const std::string& user,
                std::string& error) {
  Session session(ssh_new());
  if (!session) {
    error = "ssh_new failed";
    return nullptr;
  }
  bool process_config = false;
  unsigned int port_number = port;
  long seconds = std::max<long>(1, static_cast<long>((timeout.count() + 999) / 1000));
  int verbosity = SSH_LOG_NOLOG;
  ssh_options_set(session.get(), SSH_OPTIONS_PROCESS_CONFIG, &process_config);
  ssh_options_set(session.get(), SSH_OPTIONS_LOG_VERBOSITY, &verbosity);
  ssh_options_set(session.get(), SSH_OPTIONS_HOST, host.c_str());
  ssh_options_set(session.get(), SSH_OPTIONS_PORT, &port_number);
  ssh_options_set(session.get(), SSH_OPTIONS_USER, user.c_str());
  ssh_options_set(session.get(), SSH_OPTIONS_TIMEOUT, &seconds);
  ssh_options_set(session.get(), SSH_OPTIONS_KNOWNHOSTS, "/dev/null");
  ssh_options_set(session.get(), SSH_OPTIONS_GLOBAL_KNOWNHOSTS, "/dev/null");
  // Unknown names are dropped by libssh; failures here only mean the defaults stay.
  ssh_options_set(session.get(), SSH_OPTIONS_KEY_EXCHANGE,
                  "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp256,"
                  "ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group18-sha512,"
                  "diffie-hellman-group16-sha512,diffie-hellman-group-exchange-sha256,"
                  "diffie-hellman-group14-sha256,diffie-hellman-group14-sha1,"
                  "diffie-hellman-group1-sha1");
  ssh_options_set(session.get(), SSH_OPTIONS_HOSTKEYS,
                  "ssh-ed25519,ecdsa-sha2-nistp256,ecdsa-sha2-nistp384,ecdsa-sha2-nistp521,"
                  "rsa-sha2-512,rsa-sha2-256,ssh-rsa,ssh-dss");
  if (ssh_connect(session.get()) != SSH_OK) {
    error = clean_text(ssh_get_error(session.get()), 160);
    return nullptr;
  }
  return session;
}

LoginResult to_result(Session& session, int rc) {
  switch (rc) {
    case SSH_AUTH_SUCCESS:
      return {LoginOutcome::success, {}};
    case SSH_AUTH_PARTIAL:  // the password is right; the server also wants a second factor
      return {LoginOutcome::success, "partial"};
    case SSH_AUTH_DENIED:
      return {LoginOutcome::rejected, {}};
    default:
      // Includes the disconnect after MaxAuthTries: counted as an error, never as a lockout.
      return {LoginOutcome::error, clean_text(ssh_get_error(session.get()), 160)};
  }
}

// Answers every hidden prompt with the password; a visible prompt (an OTP user name, a menu)
// is something a password guess cannot answer, so the attempt ends there.
int keyboard_interactive(Session& session, const std::string& password) {
  int rc = ssh_userauth_kbdint(session.get(), nullptr, nullptr);
  for (int round = 0; rc == SSH_AUTH_INFO && round < 5; ++round) {
    const int prompts = ssh_userauth_kbdint_getnprompts(session.get());
    for (int i = 0; i < prompts; ++i) {
      char echo = 0;
      ssh_userauth_kbdint_getprompt(session.get(), static_cast<unsigned>(i), &echo);
      if (echo) return SSH_AUTH_DENIED;
      if (ssh_userauth_kbdint_setanswer(session.get(), static_cast<unsigned>(i), password.c_str()) <
          0)
        return SSH_AUTH_ERROR;
    }
    rc = ssh_userauth_kbdint(session.get(), nullptr, nullptr);
  }
  return rc == SSH_AUTH_INFO ? SSH_AUTH_DENIED : rc;
}

// The accounts to try: a supplied account (--creds) first, as it is known to exist, then
// the plan's.
std::vector<std::string> accounts_to_try(const AuditContext& context) {
  std::vector<std::string> accounts;
  if (context.login && !context.login->user.empty()) accounts.push_back(context.login->user);
  for (const auto& user : context.guess.users)
    if (std::find(accounts.begin(), accounts.end(), user) == accounts.end())
      accounts.push_back(user);
  return accounts;
}

}  // namespace

std::vector<std::string> default_users() {
  return {"root", "admin", "test", "user", "ubuntu", "oracle", "postgres", "mysql", "git", "ftp"};
}

AuthMethods probe_auth_methods(const std::string& host, uint16_t port, Millis timeout,
                               const std::string& user) {
  AuthMethods methods;
  Session session = connect(host, port, timeout, user, methods.error);
  if (!session) return methods;
  methods.reachable = true;
  const int rc = ssh_userauth_none(session.get(), nullptr);
  if (rc == SSH_AUTH_SUCCESS) {
    methods.no_auth_needed = true;
    return methods;
  }
  if (rc == SSH_AUTH_ERROR) {
    methods.error = clean_text(ssh_get_error(session.get()), 160);
    return methods;
  }
  const int list = ssh_userauth_list(session.get(), nullptr);
  methods.password = (list & SSH_AUTH_METHOD_PASSWORD) != 0;
  methods.keyboard_interactive = (list & SSH_AUTH_METHOD_INTERACTIVE) != 0;
  return methods;
}

LoginResult try_ssh_login(const std::string& host, uint16_t port, Millis timeout,
                          const std::string& user, const std::string& password,
                          bool keyboard_interactive_only) {
  std::string error;
  Session session = connect(host, port, timeout, user, error);
  if (!session) return {LoginOutcome::error, error};
  const int rc = keyboard_interactive_only
                     ? keyboard_interactive(session, password)
                     : ssh_userauth_password(session.get(), nullptr, password.c_str());
  return to_result(session, rc);
}

asio::awaitable<void> run_checks(AuditContext& context) {
  const std::vector<std::string> accounts = accounts_to_try(context);
  if (!context.guess.enabled || accounts.empty() || context.guess.passwords.empty()) co_return;
  const std::string host = context.endpoint.address().to_string();
  const uint16_t port = context.endpoint.port();
  const Millis timeout = context.timeout;
  const std::string probe_user = accounts.front();
  const AuthMethods methods = co_await context.blocking(
      [&] { return probe_auth_methods(host, port, timeout, probe_user); });
  if (!methods.reachable || !methods.error.empty()) {
    context.note(fmt::format("SSH: {} {}",
                             tr("无法协商认证方式：", "could not negotiate authentication:"),
                             methods.error));
    co_return;
  }
  if (methods.no_auth_needed) {
    context.note(fmt::format(fmt::runtime(tr("SSH: 账号 {} 无需任何认证即可登录",
                                             "SSH: account {} logs in without any authentication")),
                             clean_text(probe_user, 64)));
    co_return;
  }
  if (!methods.password && !methods.keyboard_interactive) {
    context.note(std::string(tr("SSH: 服务端不接受口令认证（仅密钥等方式），未猜测口令",
                                "SSH: the server accepts no password authentication (keys only); "
                                "no passwords guessed")));
    co_return;
  }
  const bool kbd_only = !methods.password;
  TryLogin try_login = [&context, &host, port, timeout, kbd_only](
                           const std::string& user,
                           const std::string& password) -> asio::awaitable<LoginResult> {
    // The work captures references only: GCC 12 destroys a lambda with non-trivial captures
    // twice when it is a temporary inside co_await (as in AuditContext::blocking). The
    // referenced strings outlive the await.
    const std::string& target = host;
    auto work = [&] { return try_ssh_login(target, port, timeout, user, password, kbd_only); };
    co_return co_await context.blocking(work);
  };
  const GuessResult result = co_await guess_credentials(context, try_login, &accounts);
  if (result.found) {
    context.report(
        "ssh.weak_password",
        fmt::format(fmt::runtime(tr("账号 {} 使用弱口令 {}（SSH {}认证登录成功）",
                                    "account {} uses the weak password {} (SSH {} authentication "
                                    "succeeded)")),
                    clean_text(result.found->user, 64), mask_secret(result.found->password),
                    kbd_only ? tr("键盘交互", "keyboard-interactive") : tr("口令", "password")),
        result.found->user);
  }
  if (result.stopped_blocked)
    context.note(fmt::format("SSH: {} {}",
                             tr("服务端拒绝继续尝试，已停止猜测：",
                                "the server refused further attempts; guessing stopped:"),
                             result.detail));
}

}  // namespace paicha::services::ssh

namespace paicha::services {

std::vector<std::string> ssh_default_users() {
  return ssh::default_users();
}

asio::awaitable<void> audit_ssh(AuditContext& context) {
  return ssh::run_checks(context);
}

}  // namespace paicha::services
