// The check phase shared by `audit` and `verify` (audit_run.h).
#include "app/audit_run.h"

#include <fmt/format.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/thread_pool.hpp>
#include <ctime>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "app/interrupt.h"
#include "app/progress.h"
#include "core/credentials.h"
#include "core/i18n.h"
#include "core/severity.h"
#include "net/asio_util.h"
#include "net/connection.h"
#include "services/check.h"
#include "services/generic/checks.h"

namespace paicha::app {

std::string AuditOptions::to_json() const {
  return nlohmann::json{{"creds_file", creds_file},
                        {"dict_file", dict_file},
                        {"max_attempts", max_attempts},
                        {"pace_ms", pace_ms},
                        {"guess_concurrency", guess_concurrency},
                        {"unit_abbreviations", unit_abbreviations},
                        {"users", users},
                        {"no_guess", no_guess},
                        {"check_timeout_ms", check_timeout_ms}}
      .dump();
}
AuditOptions AuditOptions::from_json(const std::string& text) {
  AuditOptions o;
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object()) return o;
  o.creds_file = j.value("creds_file", o.creds_file);
  o.dict_file = j.value("dict_file", o.dict_file);
  o.max_attempts = j.value("max_attempts", o.max_attempts);
  o.pace_ms = j.value("pace_ms", o.pace_ms);
  o.guess_concurrency = j.value("guess_concurrency", o.guess_concurrency);
  o.unit_abbreviations = j.value("unit_abbreviations", o.unit_abbreviations);
  o.users = j.value("users", o.users);
  o.no_guess = j.value("no_guess", o.no_guess);
  o.check_timeout_ms = j.value("check_timeout_ms", o.check_timeout_ms);
  return o;
}

namespace {

int current_year() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  localtime_r(&now, &tm);
  return tm.tm_year + 1900;
}

// What the checks may log in with: supplied logins and the passwords to guess.
struct LoginInputs {
  CredentialStore credentials;
  std::vector<std::string> passwords;
};

LoginInputs load_login_inputs(const AuditOptions& options, const GlobalOptions& global) {
  LoginInputs inputs;
  auto warn = [&](const std::string& m) {
    if (!global.quiet) std::cerr << tr("警告：", "warning: ") << m << "\n";
  };
  if (!options.creds_file.empty()) inputs.credentials.load_file(options.creds_file, warn);
  inputs.passwords =
      merge_guesses(load_password_list(options.dict_file),
                    unit_password_guesses(options.unit_abbreviations, current_year()));
  return inputs;
}

struct CheckPhase {
  CheckPhase(const AuditOptions& options, store::Store& store, int64_t run_id, LoginInputs inputs)
      : options(options),
        store(store),
        run_id(run_id),
        credentials(std::move(inputs.credentials)),
        passwords(std::move(inputs.passwords)) {}

  const AuditOptions& options;
  store::Store& store;
  int64_t run_id;
  CredentialStore credentials;
  std::vector<std::string> passwords;
  std::shared_ptr<asio::ssl::context> tls_context = net::make_inspection_tls_context();
  asio::thread_pool blocking_pool{4};
  std::atomic<uint64_t> done{0};

  asio::awaitable<void> check_asset(
      Asset asset, std::shared_ptr<std::chrono::steady_clock::time_point> host_pace) {
    services::AuditContext context;
    context.asset = asset;
    std::error_code ec;
    context.endpoint = asio::ip::tcp::endpoint(asio::ip::make_address(asset.host, ec), asset.port);
    context.timeout = std::chrono::milliseconds(options.check_timeout_ms);
    context.tls_context = tls_context;
    context.blocking_pool = &blocking_pool;
    if (auto login = credentials.find(asset.service, asset.host, asset.port))
      context.login = services::Credential{login->user, login->password, login->database};
    const services::ServiceAudit* audit = services::find_audit(asset.service);
    context.guess.enabled = !options.no_guess;
    context.guess.passwords = passwords;
    context.guess.max_attempts_per_account = options.max_attempts;
    context.guess.pace = std::chrono::milliseconds(options.pace_ms);
    context.guess.concurrency = options.guess_concurrency;
    context.guess.host_next_slot = std::move(host_pace);
    if (audit) context.guess.users = audit->default_users;
    if (!options.users.empty()) context.guess.users = options.users;
    bool failed = false;
    try {
      co_await services::audit_generic(context);
      if (audit) co_await audit->run(context);
    } catch (const std::exception& e) {
      failed = true;
      context.note(fmt::format("{}: {}", tr("检查出错", "check failed"), e.what()));
    }
    store.record_check_conditions(run_id, asset, context.login.has_value(), context.guess.enabled,
                                  failed);
    store.record_checked_asset(run_id, asset, context.take_findings(), context.take_notes());
    done.fetch_add(1);
  }

  // Assets go to threads by host, so everything aimed at one host stays on one thread and
  // shares that host's attempt pace without locking. A thread checks several services at once.
  void run(const std::vector<Asset>& assets, const std::atomic<bool>& stop) {
    const size_t threads = std::max(1u, std::min(2u, std::thread::hardware_concurrency()));
    constexpr int kServicesInFlightPerThread = 16;
    std::vector<std::unique_ptr<asio::io_context>> contexts;
    for (size_t i = 0; i < threads; ++i) contexts.push_back(std::make_unique<asio::io_context>(1));
    std::vector<std::vector<const Asset*>> queues(threads);
    for (const auto& asset : assets)
      queues[std::hash<std::string>{}(asset.host) % threads].push_back(&asset);
    std::vector<std::map<std::string, std::shared_ptr<std::chrono::steady_clock::time_point>>>
        paces(threads);
    std::vector<size_t> next(threads, 0);
    for (size_t t = 0; t < threads; ++t) {
      for (int w = 0; w < kServicesInFlightPerThread; ++w) {
        asio::co_spawn(
            *contexts[t],
            [this, &queue = queues[t], &next = next[t], &pace = paces[t],
             &stop]() -> asio::awaitable<void> {
              while (!stop.load() && next < queue.size()) {
                const Asset* asset = queue[next++];
                auto& host_pace = pace[asset->host];
                if (!host_pace)
                  host_pace = std::make_shared<std::chrono::steady_clock::time_point>();
                co_await check_asset(*asset, host_pace);
              }
            },
            asio::detached);
      }
    }
    std::vector<std::thread> pool;
    for (size_t t = 1; t < threads; ++t) pool.emplace_back([&contexts, t] { contexts[t]->run(); });
    contexts[0]->run();
    for (auto& thread : pool) thread.join();
    blocking_pool.join();
  }
};

}  // namespace

AuditRun run_audit(const std::string& kind, ScanArgs scan_args, const AuditOptions& audit,
                   store::Store& store, const GlobalOptions& global, bool classify) {
  scan_args.extra_json = audit.to_json();
  // Files named in the options are read before any packet is sent, so a typo costs nothing.
  if (!scan_args.resume_requested) (void)load_login_inputs(audit, global);

  AuditRun result;
  result.scan = run_scan(kind, scan_args, store, global);
  const AuditOptions options = AuditOptions::from_json(result.scan.args.extra_json);
  report::RunDocument& doc = result.document;
  doc = result.scan.document;
  result.interrupted = result.scan.interrupted;
  if (!result.interrupted) {
    CheckPhase phase(options, store, doc.run_id, load_login_inputs(options, global));
    std::vector<Asset> todo = store.unchecked_assets(doc.run_id);
    InterruptGuard interrupt;
    Progress progress(
        std::string(tr("服务", "services")),
        [&] {
          return ProgressSample{phase.done.load(), todo.size(), ""};
        },
        !global.quiet && !global.no_progress);
    store.reopen_run(doc.run_id);
    phase.run(todo, interrupt.flag());
    progress.finish();
    result.interrupted = interrupt.requested();
    store.finish_run(doc.run_id, result.interrupted ? "interrupted" : "done");
    if (!result.interrupted && classify)
      result.lifecycle = store::FindingLifecycle(store).classify_run(doc.run_id);
  }
  if (auto record = store.run(doc.run_id)) {
    doc.status = record->status;
    doc.finished_at = record->finished_at;
  }
  doc.findings = store.findings(doc.run_id);
  doc.notes = store.notes(doc.run_id);
  return result;
}

bool open_findings_at(store::Store& store, int64_t run_id, const std::string& threshold) {
  if (threshold.empty()) return false;
  const auto severity = parse_severity(threshold);
  return severity &&
         store::any_open_at_or_above(store::FindingLifecycle(store).open_in_run(run_id), *severity);
}

void print_lifecycle_summary(const store::ClassifySummary& s) {
  std::cerr << fmt::format(
      fmt::runtime(tr("整改闭环：新发现 {}，仍未整改 {}，已整改 {}，复发 {}，未能复核 {}\n",
                      "rectification loop: new {}, still open {}, fixed {}, "
                      "reopened {}, not re-checked {}\n")),
      s.new_count, s.open, s.fixed, s.reopened, s.unverified);
}

}  // namespace paicha::app
