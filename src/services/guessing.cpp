#include "services/guessing.h"

#include <asio/redirect_error.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <map>
#include <set>

#include "core/i18n.h"

namespace paicha::services {

std::string mask_secret(std::string_view secret) {
  if (secret.empty()) return std::string(tr("(空)", "(empty)"));
  const size_t n = secret.size();
  if (n <= 3) return std::string(n, '*');
  const size_t keep = n >= 6 ? 2 : 1;
  return std::string(secret.substr(0, keep)) + std::string(n - 2 * keep, '*') +
         std::string(secret.substr(n - keep));
}

namespace {

using Clock = std::chrono::steady_clock;

struct GuessState {
  std::vector<std::pair<const std::string*, const std::string*>> pairs;  // (user, password)
  size_t next = 0;
  int active = 0;
  bool stop = false;
  std::map<std::string, int> attempts_per_user;
  std::set<std::string> dead_users;
  GuessResult result;
};

asio::awaitable<void> guess_worker(GuessState& state, AuditContext& context,
                                   const TryLogin& try_login) {
  auto executor = co_await asio::this_coro::executor;
  asio::steady_timer pace_timer(executor);
  const int budget = context.guess.max_attempts_per_account;
  while (!state.stop && state.next < state.pairs.size()) {
    auto [user, password] = state.pairs[state.next++];
    if (state.dead_users.count(*user)) continue;
    int& used = state.attempts_per_user[*user];
    if (budget > 0 && used >= budget) continue;
    ++used;
    // The pace is per host: every worker of every service on the host takes the next slot.
    if (context.guess.pace.count() > 0) {
      Clock::time_point& next_slot = *context.guess.host_next_slot;
      auto slot = std::max(next_slot, Clock::now());
      next_slot = slot + context.guess.pace;
      if (slot > Clock::now()) {
        pace_timer.expires_at(slot);
        std::error_code ignored;
        co_await pace_timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
        if (state.stop) break;
      }
    }
    ++state.result.attempts;
    LoginResult login = co_await try_login(*user, *password);
    switch (login.outcome) {
      case LoginOutcome::success:
        if (!state.result.found) state.result.found = Credential{*user, *password, {}};
        state.stop = true;
        break;
      case LoginOutcome::no_such_user:
        state.dead_users.insert(*user);
        break;
      case LoginOutcome::blocked:
        state.stop = true;
        state.result.stopped_blocked = true;
        state.result.detail = login.detail;
        break;
      case LoginOutcome::rejected:
      case LoginOutcome::error:
        if (state.result.detail.empty() && login.outcome == LoginOutcome::error)
          state.result.detail = login.detail;
        break;
    }
  }
}

}  // namespace

asio::awaitable<GuessResult> guess_credentials(AuditContext& context, const TryLogin& try_login,
                                               const std::vector<std::string>* users) {
  const auto& plan = context.guess;
  const std::vector<std::string>& accounts = users ? *users : plan.users;
  GuessState state;
  if (!plan.enabled || accounts.empty() || plan.passwords.empty()) co_return state.result;
  for (const auto& user : accounts)
    for (const auto& password : plan.passwords) state.pairs.emplace_back(&user, &password);

  auto executor = co_await asio::this_coro::executor;
  asio::steady_timer all_done(executor, Clock::time_point::max());
  const int workers = std::max(1, plan.concurrency);
  state.active = workers;
  for (int i = 0; i < workers; ++i) {
    asio::co_spawn(executor, guess_worker(state, context, try_login),
                   [&state, &all_done](std::exception_ptr) {
                     if (--state.active == 0) all_done.cancel();
                   });
  }
  std::error_code ignored;
  co_await all_done.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
  co_return state.result;
}

}  // namespace paicha::services
