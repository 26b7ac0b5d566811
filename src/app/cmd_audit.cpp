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

#include "app/audit_pii.h"
#include "app/audit_run.h"
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

struct AuditCommand {
  ScanArgs scan;
  AuditOptions audit;
  std::string format = "table";
  std::string output;
  std::string fail_on;
  CLI::Option* resume_option = nullptr;
  bool pii = false;  // --pii: sample the readable databases (app/audit_pii.h)
};

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
  cmd->add_flag("--pii", command->pii,
                std::string(tr("检查后只读抽样可登录的数据库，查找个人信息",
                               "then sample the "
                               "databases it can read for personal data (read-only)")));
  cmd->add_option(
         "--fail-on", command->fail_on,
         std::string(tr("存在该级别及以上的问题时退出状态为 1：critical|high|medium|low|info",
                        "exit with status 1 when problems at or above this severity exist")))
      ->check(CLI::IsMember({"critical", "high", "medium", "low", "info"}));
  add_format_option(*cmd, command->format, {"table", "json", "ndjson", "csv", "sarif"});
  add_output_option(*cmd, command->output);
  cmd->footer(std::string(tr(
      "示例：\n  paicha audit 127.0.0.1\n  paicha audit 10.1.0.0/24 --creds creds.yaml --unit-abbr "
      "bjchyedu\n  paicha audit -iL hosts.txt --format json -o audit.json --fail-on high",
      "Examples:\n  paicha audit 127.0.0.1\n  paicha audit 10.1.0.0/24 --creds creds.yaml "
      "--unit-abbr bjchyedu\n  paicha audit -iL hosts.txt --format json -o audit.json --fail-on "
      "high")));

  cmd->callback([command, &global] {
    command->scan.resume_requested = command->resume_option->count() > 0;
    const std::string db_path = effective_db_path(global);
    store::Store store(db_path);
    const auto started = std::chrono::steady_clock::now();
    AuditRun run = run_audit("audit", command->scan, command->audit, store, global, !command->pii);
    if (command->pii && !run.interrupted)
      audit_pii(store, run.document, command->audit.creds_file, global);
    if (command->pii && !run.interrupted)  // the personal-data findings join the loop too
      run.lifecycle = store::FindingLifecycle(store).classify_run(run.document.run_id);
    const report::RunDocument& doc = run.document;

    report::Output out(command->output);
    out.write(report::render(doc, command->format));
    out.close();
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    if (!global.quiet) print_summary(run.scan, doc, db_path, run.interrupted, seconds);
    if (!global.quiet && !run.interrupted) print_lifecycle_summary(run.lifecycle);
    if (run.interrupted) throw CLI::RuntimeError(kExitInterrupted);
    if (open_findings_at(store, doc.run_id, command->fail_on))
      throw CLI::RuntimeError(kExitFindings);
  });
}

}  // namespace paicha::app
