#include "services/redis/auth.h"

#include "core/i18n.h"
#include "services/probe_util.h"

namespace paicha::services::redis {

Command auth_command(const std::string& user, const std::string& password) {
  if (user.empty() || user == "default") return {"AUTH", password};
  return {"AUTH", user, password};
}

LoginResult classify_auth_reply(const RespValue& reply) {
  if (reply.is_string() && reply.text == "OK") return {LoginOutcome::success, {}};
  if (!reply.is_error()) {
    return {LoginOutcome::error, std::string(tr("AUTH 的应答不是 OK 也不是错误",
                                                "AUTH reply is neither OK nor an error"))};
  }
  const std::string detail = clean_text(reply.text);
  const std::string_view code = reply.error_code();
  if (code == "WRONGPASS") return {LoginOutcome::rejected, detail};
  // Redis before 6: one password, no users.
  if (contains_ci(reply.text, "invalid password")) return {LoginOutcome::rejected, detail};
  if (contains_ci(reply.text, "wrong number of arguments")) {
    return {LoginOutcome::no_such_user, detail};  // AUTH user pass on a server without ACLs
  }
  // No password set at all: nothing to guess, and another AUTH would not change that.
  if (contains_ci(reply.text, "no password is set") ||
      contains_ci(reply.text, "without any password configured")) {
    return {LoginOutcome::blocked, detail};
  }
  if (contains_ci(reply.text, "max number of clients")) return {LoginOutcome::blocked, detail};
  return {LoginOutcome::error, detail};
}

asio::awaitable<LoginResult> AuthPool::try_login(const std::string& user,
                                                 const std::string& password) {
  std::unique_ptr<RespSession> session;
  std::string problem;
  if (!idle_.empty()) {
    session = std::move(idle_.back());
    idle_.pop_back();
  } else {
    session = co_await RespSession::open(endpoint_, tls_, timeout_, problem);
    if (!session) co_return LoginResult{LoginOutcome::error, problem};
  }
  auto reply = co_await session->call(auth_command(user, password), problem);
  if (!reply) {
    co_await session->quit();
    co_return LoginResult{LoginOutcome::error, problem};
  }
  LoginResult result = classify_auth_reply(*reply);
  if (result.outcome == LoginOutcome::rejected || result.outcome == LoginOutcome::no_such_user) {
    idle_.push_back(std::move(session));  // still unauthenticated: good for the next guess
  } else {
    co_await session->quit();
  }
  co_return result;
}

asio::awaitable<void> AuthPool::close() {
  auto sessions = std::move(idle_);
  idle_.clear();
  for (auto& session : sessions) co_await session->quit();
}

}  // namespace paicha::services::redis
