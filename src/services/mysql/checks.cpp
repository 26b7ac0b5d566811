#include "services/mysql/checks.h"
#include "core/human_size.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "core/i18n.h"
#include "services/guessing.h"
#include "services/mysql/evaluate.h"
#include "services/mysql/login.h"
#include "services/mysql/queries.h"
#include "services/probe_util.h"

namespace paicha::services::mysql {

namespace {

struct AuditState {
  std::optional<Greeting> greeting;
  bool root_empty = false;
  bool anonymous_login = false;
  std::optional<Credential> working;  // a login known to work, for the plaintext test
  std::map<std::pair<std::string, std::string>, Verdict> verdicts;  // (rule, key) -> verdict
};

void add(AuditState& state, Verdict verdict) {
  auto key = std::make_pair(verdict.rule, verdict.key);
  state.verdicts.insert_or_assign(std::move(key), std::move(verdict));
}

void add_if_absent(AuditState& state, Verdict verdict) {
  auto key = std::make_pair(verdict.rule, verdict.key);
  state.verdicts.try_emplace(std::move(key), std::move(verdict));
}

asio::awaitable<LoginReport> attempt(AuditContext& context, const std::string& user,
                                     const std::string& password, TlsMode mode) {
  co_return co_await login(context.endpoint, user, password, mode, context.tls_context.get(),
                           context.timeout);
}

QueryLogin query_login(const AuditContext& context, const AuditState& state,
                       const Credential& credential) {
  QueryLogin login;
  login.host = context.endpoint.address().to_string();
  login.port = context.endpoint.port();
  login.user = credential.user;
  login.password = credential.password;
  login.tls = state.greeting && state.greeting->offers_tls();
  login.timeout = context.timeout;
  return login;
}

// Runs a libmariadb query function on the blocking pool. The closure handed to
// AuditContext::blocking() holds only pointers: GCC 12 may destroy the temporaries of a
// co_await expression twice, which freed the captured strings twice ("free(): invalid
// pointer") when the closure held a QueryLogin by value.
template <typename Result>
asio::awaitable<Result> query_off_loop(AuditContext& context, Result (*query)(const QueryLogin&),
                                       const QueryLogin& login) {
  Result result;
  const QueryLogin* in = &login;
  Result* out = &result;
  auto work = [query, in, out] {
    *out = query(*in);
    return true;
  };
  co_await context.blocking(work);
  co_return result;
}

// Says what the open login reaches; also tells whether "root" really logged in as root or
// fell through to an anonymous account (''@'%' matches any user name).
asio::awaitable<std::optional<ReachableData>> reach(AuditContext& context, const AuditState& state,
                                                    const Credential& credential) {
  if (!context.blocking_pool) co_return std::nullopt;
  const QueryLogin login = query_login(context, state, credential);
  QueryOutcome<ReachableData> outcome =
      co_await query_off_loop(context, &read_reachable_data, login);
  if (!outcome.value)
    context.note(fmt::format("mysql {}: {}", context.endpoint.port(), outcome.error));
  co_return outcome.value;
}

std::string reach_text(const ReachableData& data) {
  return fmt::format(fmt::runtime(tr("；可访问 {} 个库、{} 张表，共 {}",
                                     "; it reaches {} databases, {} tables, {} in all")),
                     data.databases, data.tables, human_size(data.bytes));
}

// Returns false when the server cannot be audited further (no greeting, host blocked).
asio::awaitable<bool> probe_open_logins(AuditContext& context, AuditState& state) {
  LoginReport root = co_await attempt(context, "root", "", TlsMode::prefer);
  state.greeting = root.greeting;
  if (!root.greeting || root.status == LoginStatus::blocked) {
    context.note(fmt::format(
        fmt::runtime(tr("MySQL 登录检查无法进行：{}", "MySQL login checks could not run: {}")),
        clean_text(root.detail)));
    co_return false;
  }
  if (root.status == LoginStatus::success) {
    const Credential credential{"root", "", {}};
    std::optional<ReachableData> data = co_await reach(context, state, credential);
    if (data && !data->current_user.empty() && data->current_user.front() == '@') {
      state.anonymous_login = true;  // matched ''@host, not a root account
    } else {
      state.root_empty = true;
      std::string evidence(
          tr("root 用户以空口令经 TCP 登录成功", "root logged in over TCP with an empty password"));
      if (data) evidence += reach_text(*data);
      add(state, {"mysql.empty_root_password", evidence, "root"});
    }
    state.working = credential;
  }
  LoginReport anonymous = co_await attempt(context, "", "", TlsMode::prefer);
  if (anonymous.status == LoginStatus::success || state.anonymous_login) {
    state.anonymous_login = true;
    if (!state.working) state.working = Credential{"", "", {}};
    add_if_absent(state, {"mysql.anonymous_user",
                          std::string(tr("用户名为空、口令为空的匿名登录成功",
                                         "a login with an empty user name and no password "
                                         "succeeded")),
                          "anonymous"});
  }
  co_return true;
}

void report_no_tls(AuditState& state) {
  if (state.greeting->offers_tls()) return;
  add(state, {"mysql.no_tls",
              fmt::format(fmt::runtime(tr("{} 的握手包未声明 CLIENT_SSL：服务器不支持 TLS，"
                                          "口令校验和查询结果均以明文传输",
                                          "the {} greeting lacks CLIENT_SSL: the server has no "
                                          "TLS, so logins and query results cross the network "
                                          "in plaintext")),
                          clean_text(state.greeting->server_version, 60)),
              "tls"});
}

LoginResult to_login_result(const LoginReport& report) {
  switch (report.status) {
    case LoginStatus::success:
      return {LoginOutcome::success, report.detail};
    case LoginStatus::rejected:
      return {LoginOutcome::rejected, report.detail};
    case LoginStatus::locked:
    case LoginStatus::unsupported:  // this account cannot be tested here: move on
      return {LoginOutcome::no_such_user, report.detail};
    case LoginStatus::blocked:
      return {LoginOutcome::blocked, report.detail};
    case LoginStatus::error:
      break;
  }
  return {LoginOutcome::error, report.detail};
}

asio::awaitable<void> guess_passwords(AuditContext& context, AuditState& state) {
  if (!context.guess.enabled) co_return;
  // Accounts already known to open without a password are reported already; an anonymous
  // account makes every unknown name with an empty password "succeed", so "" proves nothing.
  std::vector<std::string> users;
  for (const auto& user : context.guess.users)
    if (!(state.root_empty && user == "root") && !user.empty()) users.push_back(user);
  const GuessPlan original = context.guess;
  if (state.anonymous_login) std::erase(context.guess.passwords, std::string());
  TryLogin try_login = [&context](const std::string& user,
                                  const std::string& password) -> asio::awaitable<LoginResult> {
    LoginReport report = co_await attempt(context, user, password, TlsMode::prefer);
    co_return to_login_result(report);
  };
  GuessResult result = co_await guess_credentials(context, try_login, &users);
  context.guess = original;
  if (result.stopped_blocked)
    context.note(fmt::format(fmt::runtime(tr("MySQL 口令猜测已停止：服务器拒绝连接（{}）",
                                             "MySQL password guessing stopped: the server "
                                             "refused us ({})")),
                             clean_text(result.detail)));
  if (!result.found) co_return;
  const Credential& found = *result.found;
  add(state, {"mysql.weak_password",
              fmt::format(fmt::runtime(tr("账号 {} 使用弱口令 {}（本次共尝试 {} 次）",
                                          "account {} uses the weak password {} (found after "
                                          "{} attempts)")),
                          clean_text(found.user, 64), mask_secret(found.password), result.attempts),
              found.user});
  if (!state.working) state.working = found;
}

// TLS offered: is a plaintext login still accepted? One login without TLS, with a credential
// known to work (supplied, or found open or weak above).
asio::awaitable<void> check_plaintext_login(AuditContext& context, AuditState& state,
                                            const std::string& require_secure_transport) {
  if (!state.greeting->offers_tls()) co_return;
  const std::optional<Credential>& credential = context.login ? context.login : state.working;
  if (!credential) {
    context.note(std::string(tr("MySQL 提供 TLS；没有可用账号，未能验证是否仍接受明文登录",
                                "MySQL offers TLS; with no working account, whether plaintext "
                                "logins are still accepted was not checked")));
    co_return;
  }
  LoginReport plain =
      co_await attempt(context, credential->user, credential->password, TlsMode::never);
  if (plain.status != LoginStatus::success) co_return;
  std::string evidence =
      fmt::format(fmt::runtime(tr("服务器提供 TLS，但账号 {} 不加密登录成功",
                                  "the server offers TLS, yet "
                                  "account {} logged in without "
                                  "it")),
                  clean_text(credential->user.empty() ? "''" : credential->user, 64));
  if (!require_secure_transport.empty())
    evidence += fmt::format("; require_secure_transport={}", require_secure_transport);
  add(state, {"mysql.tls_not_required", evidence, "require_secure_transport"});
}

asio::awaitable<std::string> authenticated_checks(AuditContext& context, AuditState& state) {
  if (!context.login) {
    context.note(std::string(
        tr("MySQL：未提供账号（--creds），跳过审计、账号权限、日志保留和监听地址检查",
           "MySQL: no account supplied (--creds): audit, account privilege, log retention "
           "and listen address checks skipped")));
    co_return std::string();
  }
  if (!context.blocking_pool) co_return std::string();
  const QueryLogin login = query_login(context, state, *context.login);
  QueryOutcome<ServerFacts> outcome = co_await query_off_loop(context, &read_server_facts, login);
  if (!outcome.value) {
    context.note(fmt::format(fmt::runtime(tr("MySQL 认证检查失败：{}",
                                             "MySQL authenticated "
                                             "checks failed: {}")),
                             clean_text(outcome.error, 200)));
    co_return std::string();
  }
  const ServerFacts& facts = *outcome.value;
  if (!facts.accounts_readable)
    context.note(fmt::format(fmt::runtime(tr("MySQL：无法读取 mysql.user（{}），账号检查跳过",
                                             "MySQL: mysql.user is not readable ({}); account "
                                             "checks skipped")),
                             clean_text(facts.accounts_error, 200)));
  for (Verdict& verdict : evaluate_server_facts(facts)) {
    // The account list is better evidence than "an anonymous login worked".
    add(state, std::move(verdict));
  }
  auto it = facts.variables.find("require_secure_transport");
  co_return it == facts.variables.end() ? std::string() : it->second;
}

}  // namespace

const std::vector<std::string>& default_users() {
  static const std::vector<std::string> users = {"root", "admin", "mysql", "test", "dba"};
  return users;
}

asio::awaitable<void> audit_mysql(AuditContext& context) {
  AuditState state;
  if (!co_await probe_open_logins(context, state)) co_return;
  report_no_tls(state);
  co_await guess_passwords(context, state);
  const std::string require_secure_transport = co_await authenticated_checks(context, state);
  co_await check_plaintext_login(context, state, require_secure_transport);
  for (auto& [key, verdict] : state.verdicts)
    context.report(verdict.rule, std::move(verdict.evidence), std::move(verdict.key));
}

}  // namespace paicha::services::mysql
