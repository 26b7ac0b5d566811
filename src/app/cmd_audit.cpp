// `paicha audit`: discovery and identification, then every check of every data service found:
// the notice's five risks (weak passwords, unauthenticated access, plaintext transmission,
// missing audit, lax access control) plus vulnerable versions.
#include <fmt/format.h>
#include <sys/stat.h>

#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/thread_pool.hpp>
#include <ctime>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "app/cli.h"
#include "app/interrupt.h"
#include "app/progress.h"
#include "app/scan_run.h"
#include "core/credentials.h"
#include "core/errors.h"
#include "core/i18n.h"
#include "core/rules.h"
#include "core/severity.h"
#include "net/asio_util.h"
#include "net/connection.h"
#include "report/output_file.h"
#include "report/run_document.h"
#include "services/check.h"
#include "services/generic/checks.h"
#include "store/store.h"

namespace paicha::app {

namespace {

struct AuditOptions {
  std::string creds_file;
  std::string dict_file;
  int max_attempts = 5;
  int pace_ms = 20;
  int guess_concurrency = 4;
  std::vector<std::string> unit_abbreviations;
  std::vector<std::string> users;  // replaces each service's default accounts when given
  bool no_guess = false;
  int check_timeout_ms = 3000;

  std::string to_json() const {
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
  static AuditOptions from_json(const std::string& text) {
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
};

struct AuditCommand {
  ScanArgs scan;
  AuditOptions audit;
  std::string format = "table";
  std::string output;
  std::string fail_on;
  CLI::Option* resume_option = nullptr;
};

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
    try {
      co_await services::audit_generic(context);
      if (audit) co_await audit->run(context);
    } catch (const std::exception& e) {
      context.note(fmt::format("{}: {}", tr("检查出错", "check failed"), e.what()));
    }
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

bool has_findings_at(const std::vector<Finding>& findings, const std::string& fail_on) {
  if (fail_on.empty()) return false;
  auto threshold = parse_severity(fail_on);
  for (const auto& f : findings)
    if (f.severity >= *threshold) return true;
  return false;
}

void print_summary(const ScanRunResult& scan, const report::RunDocument& doc,
                   const std::string& db_path, bool interrupted, double seconds) {
  std::map<std::string, int> by_category;
  for (const auto& f : doc.findings) ++by_category[f.category];
  std::string categories;
  for (const auto& [category, n] : by_category)
    categories += fmt::format("{}{} {}", categories.empty() ? "" : std::string(tr("，", ", ")),
                              category_label(category), n);
  const std::string_view comma = tr("，", ", "), semicolon = tr("；", "; ");
  std::cerr << fmt::format(
      "{} {} {}{}{} {} {}{}{} {} {}{}{}{} {}{}{} {} ({} #{})\n", tr("扫描", "scanned"), scan.hosts,
      tr("台主机", "hosts"), comma, tr("检查", "checked"), doc.assets.size(),
      tr("个服务", "services"), semicolon, tr("发现", "found"), doc.findings.size(),
      tr("个问题", "problems"), categories.empty() ? "" : " (" + categories + ")", semicolon,
      tr("用时", "took"), format_duration(seconds), semicolon, tr("结果已写入", "stored in"),
      db_path, tr("运行", "run"), doc.run_id);
  if (interrupted)
    std::cerr << fmt::format("{} paicha audit --resume {}\n",
                             tr("运行被中断。继续：", "The run was interrupted. Continue with:"),
                             doc.run_id);
}

}  // namespace

void add_audit_command(CLI::App& root, GlobalOptions& global) {
  auto command = std::make_shared<AuditCommand>();
  CLI::App* cmd = root.add_subcommand(
      "audit",
      std::string(tr("发现并检查数据服务：弱口令、未授权访问、明文传输、缺少审计、访问控制不严、"
                     "存在漏洞的版本",
                     "find data services and check them: weak passwords, unauthenticated "
                     "access, plaintext transmission, missing audit, lax access control, "
                     "vulnerable versions")));
  add_scan_options(*cmd, command->scan, command->resume_option);
  AuditOptions& a = command->audit;
  cmd->add_option(
         "--creds", a.creds_file,
         std::string(tr("已知账号文件（YAML，权限 0600），用于需要登录的检查；口令不要写在命令行",
                        "file of known logins (YAML, mode 0600) for the checks that need a "
                        "login; never put passwords on the command line")))
      ->type_name("FILE");
  cmd->add_option(
         "--dict", a.dict_file,
         std::string(tr("口令字典（默认内置字典）", "password list (default: the bundled one)")))
      ->type_name("FILE");
  cmd->add_option(
         "--max-attempts", a.max_attempts,
         std::string(tr("每个账号每次运行最多尝试的口令数（默认 5；0 为不限，仅限测试）",
                        "passwords tried per account per run (default 5; 0 = no limit, for "
                        "testing only)")))
      ->check(CLI::Range(0, 1000000));
  cmd->add_option(
         "--pace", a.pace_ms,
         std::string(tr("同一主机两次登录尝试的最小间隔，毫秒（默认 20）",
                        "minimum gap between two login attempts on one host in ms (default 20)")))
      ->check(CLI::Range(0, 600000));
  cmd->add_option("--guess-concurrency", a.guess_concurrency,
                  std::string(tr("同一服务并行的登录尝试数（默认 4）",
                                 "login attempts in flight per service (default 4)")))
      ->check(CLI::Range(1, 256));
  cmd->add_option("--unit-abbr", a.unit_abbreviations,
                  std::string(tr("单位简称（拼音/英文，如 bjchyedu），用于生成单位特有的弱口令",
                                 "unit abbreviation (as used in domains, e.g. bjchyedu) for "
                                 "unit-specific password guesses")))
      ->delimiter(',')
      ->type_name("ABBR");
  cmd->add_option("--users", a.users,
                  std::string(tr("要尝试的账号（逗号分隔），代替各服务的默认账号；空账号写作 \"\"",
                                 "accounts to try (comma separated) instead of each service's "
                                 "default accounts")))
      ->delimiter(',')
      ->type_name("USERS");
  cmd->add_flag("--no-guess", a.no_guess,
                std::string(tr("不尝试猜测口令", "do not guess passwords")));
  cmd->add_option("--check-timeout", a.check_timeout_ms,
                  std::string(tr("检查中单次网络交互的超时，毫秒（默认 3000）",
                                 "timeout of one exchange during checks in ms (default 3000)")))
      ->check(CLI::Range(100, 600000));
  cmd->add_option(
         "--fail-on", command->fail_on,
         std::string(tr("存在该级别及以上的问题时退出状态为 1：critical|high|medium|low|info",
                        "exit with status 1 when problems at or above this severity exist")))
      ->check(CLI::IsMember({"critical", "high", "medium", "low", "info"}));
  add_format_option(*cmd, command->format, {"table", "json", "ndjson", "csv"});
  add_output_option(*cmd, command->output);
  cmd->footer(std::string(tr(
      "示例：\n  paicha audit 127.0.0.1\n  paicha audit 10.1.0.0/24 --creds creds.yaml --unit-abbr "
      "bjchyedu\n  paicha audit -iL hosts.txt --format json -o audit.json --fail-on high",
      "Examples:\n  paicha audit 127.0.0.1\n  paicha audit 10.1.0.0/24 --creds creds.yaml "
      "--unit-abbr bjchyedu\n  paicha audit -iL hosts.txt --format json -o audit.json --fail-on "
      "high")));

  cmd->callback([command, &global] {
    command->scan.resume_requested = command->resume_option->count() > 0;
    command->scan.extra_json = command->audit.to_json();
    const std::string db_path = effective_db_path(global);
    store::Store store(db_path);
    const auto started = std::chrono::steady_clock::now();

    // Files named in the options are read before any packet is sent, so a typo costs nothing.
    if (!command->scan.resume_requested) (void)load_login_inputs(command->audit, global);

    ScanRunResult scan = run_scan("audit", command->scan, store, global);
    const AuditOptions options = AuditOptions::from_json(scan.args.extra_json);
    report::RunDocument doc = scan.document;
    bool interrupted = scan.interrupted;
    if (!interrupted) {
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
      interrupted = interrupt.requested();
      store.finish_run(doc.run_id, interrupted ? "interrupted" : "done");
    }
    auto record = store.run(doc.run_id);
    if (record) {
      doc.status = record->status;
      doc.finished_at = record->finished_at;
    }
    doc.findings = store.findings(doc.run_id);
    doc.notes = store.notes(doc.run_id);

    report::Output out(command->output);
    out.write(report::render(doc, command->format));
    out.close();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!global.quiet) print_summary(scan, doc, db_path, interrupted, seconds);
    if (interrupted) throw CLI::RuntimeError(kExitInterrupted);
    if (has_findings_at(doc.findings, command->fail_on)) throw CLI::RuntimeError(kExitFindings);
  });
}

}  // namespace paicha::app
