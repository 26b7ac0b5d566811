#pragma once
// The audit side of a service module: what a check gets to work with and how it reports.
//
// One CheckFn per service (services/audit_table.cpp) runs every rule of that service against
// one identified asset. Checks are read-only: they never send a command that writes or
// changes a target's state. Blocking client libraries (libpq, libmariadb, hiredis) run through
// AuditContext::blocking() so they never stall the event loop.
#include <asio/any_io_executor.hpp>
#include <asio/awaitable.hpp>
#include <asio/co_spawn.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ssl/context.hpp>
#include <asio/thread_pool.hpp>
#include <asio/use_awaitable.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/asset.h"
#include "core/finding.h"

namespace paicha::services {

using Millis = std::chrono::milliseconds;

struct Credential {
  std::string user;
  std::string password;
  std::string database;  // optional: PostgreSQL database, MongoDB authSource, ...
};

// What weak_password checks may try against one service (built by the audit from the bundled
// dictionaries, the service's default accounts and the unit profile).
struct GuessPlan {
  std::vector<std::string> users;      // accounts to try, most likely first
  std::vector<std::string> passwords;  // most likely first; "" means an empty password
  int max_attempts_per_account = 5;    // the budget: tries per account per run
  Millis pace{20};                     // minimum gap between two attempts on this host
  // The next free attempt slot on this host, shared by every service of the host that is
  // checked on the same thread (the audit keeps a host's services on one thread).
  std::shared_ptr<std::chrono::steady_clock::time_point> host_next_slot =
      std::make_shared<std::chrono::steady_clock::time_point>();
  int concurrency = 1;  // attempts in flight on this host
  bool enabled = true;
};

template <typename F>
asio::awaitable<std::invoke_result_t<F&>> run_blocking_work(F work);

class AuditContext {
 public:
  Asset asset;
  asio::ip::tcp::endpoint endpoint;
  std::optional<Credential> login;  // supplied with --creds for this endpoint; never guessed
  GuessPlan guess;
  Millis timeout{3000};  // for one network exchange
  std::shared_ptr<asio::ssl::context> tls_context;
  asio::thread_pool* blocking_pool = nullptr;

  void report(Finding finding) {
    std::lock_guard lock(mutex_);
    findings_.push_back(std::move(finding));
  }
  // Convenience: make_finding() for this asset, then report().
  void report(std::string_view rule_id, std::string evidence, std::string evidence_key = "");
  std::vector<Finding> take_findings() {
    std::lock_guard lock(mutex_);
    return std::move(findings_);
  }

  // Records a check that could not run (server error, malformed reply, missing credentials):
  // shown to the user, never silently dropped.
  void note(std::string message) {
    std::lock_guard lock(mutex_);
    notes_.push_back(std::move(message));
  }
  std::vector<std::string> take_notes() {
    std::lock_guard lock(mutex_);
    return std::move(notes_);
  }

  // Runs `work` on the blocking pool and resumes on the caller's executor with its result.
  // Build `work` in a statement of its own, not inside the co_await expression: GCC 12
  // destroys temporaries with non-trivial destructors in a co_await expression twice
  // (GCC PR 100611), which corrupts the heap.
  template <typename F>
  auto blocking(F work) -> asio::awaitable<decltype(work())> {
    // A named coroutine that takes `work` by value keeps it in its own frame.
    return asio::co_spawn(blocking_pool->get_executor(), run_blocking_work(std::move(work)),
                          asio::use_awaitable);
  }

 private:
  std::mutex mutex_;
  std::vector<Finding> findings_;
  std::vector<std::string> notes_;
};

template <typename F>
asio::awaitable<std::invoke_result_t<F&>> run_blocking_work(F work) {
  co_return work();
}

using CheckFn = asio::awaitable<void> (*)(AuditContext& context);

struct ServiceAudit {
  std::string_view service;  // matches Asset::service ("redis", "mysql", ...)
  CheckFn run;
  std::vector<std::string> default_users;  // tried first by weak_password checks
};

// Every service that has checks (services/audit_table.cpp).
const std::vector<ServiceAudit>& audit_table();
const ServiceAudit* find_audit(std::string_view service);

}  // namespace paicha::services
