#include <gtest/gtest.h>

#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_future.hpp>
#include <map>

#include "core/i18n.h"
#include "services/guessing.h"

namespace paicha::services {

namespace {

struct FakeService {
  std::string user = "root";
  std::string password;
  std::map<std::string, int> attempts;  // per account, as the server would log them
  int in_flight = 0;
  int max_in_flight = 0;
  std::set<std::string> unknown_users;
  bool block_after_first = false;
};

GuessResult run_guess(FakeService& server, GuessPlan plan,
                      const std::vector<std::string>* users = nullptr) {
  asio::io_context io;
  AuditContext context;
  context.guess = std::move(plan);
  TryLogin try_login = [&](const std::string& user,
                           const std::string& password) -> asio::awaitable<LoginResult> {
    ++server.attempts[user];
    server.max_in_flight = std::max(server.max_in_flight, ++server.in_flight);
    asio::steady_timer delay(io, std::chrono::milliseconds(1));
    co_await delay.async_wait(asio::use_awaitable);
    --server.in_flight;
    if (server.block_after_first) co_return LoginResult{LoginOutcome::blocked, "host blocked"};
    if (server.unknown_users.count(user)) co_return LoginResult{LoginOutcome::no_such_user, ""};
    if (user == server.user && password == server.password)
      co_return LoginResult{LoginOutcome::success, ""};
    co_return LoginResult{LoginOutcome::rejected, ""};
  };
  auto future = asio::co_spawn(io, guess_credentials(context, try_login, users), asio::use_future);
  io.run();
  return future.get();
}

GuessPlan plan_of(std::vector<std::string> users, std::vector<std::string> passwords, int budget,
                  int concurrency = 1) {
  GuessPlan plan;
  plan.users = std::move(users);
  plan.passwords = std::move(passwords);
  plan.max_attempts_per_account = budget;
  plan.pace = std::chrono::milliseconds(0);
  plan.concurrency = concurrency;
  return plan;
}

}  // namespace

TEST(Guessing, BudgetIsExactPerAccount) {
  FakeService server;
  server.password = "never-guessed";
  auto result = run_guess(server, plan_of({"root", "admin"}, {"1", "2", "3", "4", "5", "6"}, 3));
  EXPECT_FALSE(result.found);
  EXPECT_EQ(server.attempts["root"], 3);
  EXPECT_EQ(server.attempts["admin"], 3);
  EXPECT_EQ(result.attempts, 6);
}

TEST(Guessing, StopsAtFirstSuccess) {
  FakeService server;
  server.password = "admin123";
  auto result = run_guess(server, plan_of({"root", "admin"}, {"123456", "admin123", "x", "y"}, 10));
  ASSERT_TRUE(result.found);
  EXPECT_EQ(result.found->user, "root");
  EXPECT_EQ(result.found->password, "admin123");
  EXPECT_EQ(server.attempts["root"], 2);
  EXPECT_EQ(server.attempts.count("admin"), 0u);
}

TEST(Guessing, ConcurrencyIsBoundedAndStillFindsTheLastPassword) {
  FakeService server;
  std::vector<std::string> list;
  for (int i = 0; i < 200; ++i) list.push_back("p" + std::to_string(i));
  server.password = list.back();
  auto result = run_guess(server, plan_of({"root"}, list, 0, 16));
  ASSERT_TRUE(result.found);
  EXPECT_LE(server.max_in_flight, 16);
  EXPECT_GT(server.max_in_flight, 1);
  EXPECT_EQ(server.attempts["root"], 200);
}

TEST(Guessing, UnknownUserIsDroppedAndBlockedStopsEverything) {
  FakeService server;
  server.password = "x";
  server.unknown_users = {"ghost"};
  auto result = run_guess(server, plan_of({"ghost", "root"}, {"a", "b", "c"}, 3));
  EXPECT_EQ(server.attempts["ghost"], 1);
  EXPECT_EQ(server.attempts["root"], 3);

  FakeService blocked;
  blocked.block_after_first = true;
  auto stopped = run_guess(blocked, plan_of({"root", "admin"}, {"a", "b", "c"}, 3));
  EXPECT_TRUE(stopped.stopped_blocked);
  EXPECT_EQ(stopped.attempts, 1);
}

TEST(Guessing, DisabledPlanSendsNothing) {
  FakeService server;
  auto plan = plan_of({"root"}, {"a"}, 3);
  plan.enabled = false;
  auto result = run_guess(server, plan);
  EXPECT_EQ(result.attempts, 0);
  EXPECT_TRUE(server.attempts.empty());
}

TEST(Guessing, MaskSecretNeverShowsTheMiddle) {
  set_lang(Lang::en);
  EXPECT_EQ(mask_secret("root123"), "ro***23");
  EXPECT_EQ(mask_secret("admin123"), "ad****23");
  EXPECT_EQ(mask_secret("abcd"), "a**d");
  EXPECT_EQ(mask_secret("abc"), "***");
  EXPECT_EQ(mask_secret(""), "(empty)");
  set_lang(Lang::zh);
}

}  // namespace paicha::services
