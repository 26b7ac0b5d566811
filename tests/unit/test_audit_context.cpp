#include <gtest/gtest.h>

#include <asio/co_spawn.hpp>
#include <asio/io_context.hpp>
#include <asio/use_future.hpp>
#include <thread>

#include "services/check.h"

namespace paicha::services {

// blocking() must keep what the work captures alive until it ran, and resume on the caller's
// executor with the result.
TEST(AuditContext, BlockingWorkKeepsItsCapturesAndReturnsItsResult) {
  asio::io_context io;
  asio::thread_pool pool(2);
  AuditContext context;
  context.blocking_pool = &pool;
  const auto caller = std::this_thread::get_id();
  auto future = asio::co_spawn(
      io,
      [&]() -> asio::awaitable<std::string> {
        std::string joined;
        for (int i = 0; i < 50; ++i) {
          std::string user(64, static_cast<char>('a' + i % 26));
          std::vector<std::string> rows = {user, "row-" + std::to_string(i)};
          auto worker_thread = std::make_shared<std::thread::id>();
          // The work is built in its own statement: GCC 12 destroys temporaries with
          // non-trivial destructors inside a co_await expression twice (PR 100611).
          auto work = [user, rows, worker_thread] {
            *worker_thread = std::this_thread::get_id();
            return user.substr(0, 1) + rows[1];
          };
          std::string got = co_await context.blocking(std::move(work));
          EXPECT_NE(*worker_thread, std::this_thread::get_id());
          EXPECT_EQ(std::this_thread::get_id(), caller);
          joined += got + ",";
        }
        co_return joined;
      },
      asio::use_future);
  io.run();
  std::string joined = future.get();
  EXPECT_EQ(joined.substr(0, 14), "arow-0,brow-1,");
  pool.join();
}

}  // namespace paicha::services
