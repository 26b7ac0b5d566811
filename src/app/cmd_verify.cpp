// `paicha verify`: what a unit runs after fixing. It re-runs only the checks behind the open
// findings, on only their endpoints (host:port; no other port is probed), as a run of kind
// "verify", and classifies the result: fixed, still open, or not re-checked (unverified).
//
// The endpoints go to the scan engine as an imported masscan list, so each host is probed on
// exactly its own ports. The check options (--creds file, guessing) default to those of the
// latest audit, so a problem is re-checked under the conditions it was found under.
#include <fmt/format.h>

#include <iostream>
#include <set>

#include "app/audit_run.h"
#include "app/cli.h"
#include "core/errors.h"
#include "core/i18n.h"
#include "report/findings_view.h"
#include "report/output_file.h"
#include "store/finding_lifecycle.h"

namespace paicha::app {

namespace {

struct VerifyCommand {
  std::string creds_file, fail_on, format = "table", output;
  bool no_guess = false;
  int max_attempts = -1;
  std::string resume;
  CLI::Option* resume_option = nullptr;
};

// The endpoints in masscan -oL form. They travel inside the run's parameters, so that
// `verify --resume` finds them again.
std::string endpoint_list(const std::set<std::pair<std::string, uint16_t>>& endpoints) {
  std::string list;
  for (const auto& [host, port] : endpoints) list += fmt::format("open tcp {} {} 0\n", port, host);
  return list;
}

}  // namespace

void add_verify_command(CLI::App& root, GlobalOptions& global) {
  auto c = std::make_shared<VerifyCommand>();
  CLI::App* cmd = root.add_subcommand(
      "verify", std::string(tr("整改后复核：只在未整改问题所在的端口上重跑相应检查",
                               "after fixing: re-run only the checks behind the open problems, "
                               "on only their endpoints")));
  cmd->add_option("--creds", c->creds_file,
                  std::string(tr("已知账号文件（默认沿用最近一次 audit 的）",
                                 "file of known logins (default: the latest audit's)")))
      ->type_name("FILE");
  cmd->add_flag("--no-guess", c->no_guess,
                std::string(tr("不尝试猜测口令", "do not guess passwords")));
  cmd->add_option("--max-attempts", c->max_attempts,
                  std::string(tr("每个账号最多尝试的口令数（默认沿用最近一次 audit 的）",
                                 "passwords tried per account (default: the latest audit's)")))
      ->check(CLI::Range(0, 1000000));
  cmd->add_option("--fail-on", c->fail_on,
                  std::string(tr("复核后仍有该级别及以上的问题未整改时退出状态为 1",
                                 "exit 1 when problems at or above this severity remain open")))
      ->check(CLI::IsMember({"critical", "high", "medium", "low", "info"}));
  c->resume_option =
      cmd->add_option("--resume", c->resume,
                      std::string(tr("继续被中断的复核（默认最近一次；可指定运行编号）",
                                     "continue an interrupted verify run (the latest, or RUN_ID)")))
          ->expected(0, 1)
          ->type_name("[RUN_ID]");
  add_format_option(*cmd, c->format, {"table", "json", "csv"});
  add_output_option(*cmd, c->output);
  cmd->footer(std::string(
      tr("示例：\n  paicha verify\n  paicha verify --fail-on high --format json\n  paicha verify "
         "--resume",
         "Examples:\n  paicha verify\n  paicha verify --fail-on high --format json\n  paicha "
         "verify --resume")));

  cmd->callback([c, &global] {
    store::Store store(effective_db_path(global));
    store::FindingLifecycle lifecycle(store);
    lifecycle.expire_acceptances();
    std::vector<store::TrackedFinding> open;
    for (auto& f : lifecycle.list({}))
      if (f.is_open()) open.push_back(std::move(f));
    if (open.empty()) {
      if (!global.quiet) std::cerr << tr("没有待复核的问题\n", "no open problems to verify\n");
      report::Output out(c->output);
      out.write(report::render_tracked({}, c->format, store::today_utc()));
      out.close();
      return;
    }
    std::set<std::pair<std::string, uint16_t>> endpoints;
    for (const auto& f : open) endpoints.insert({f.host, f.port});

    ScanArgs scan;
    scan.resume_requested = c->resume_option->count() > 0;
    if (scan.resume_requested) {
      // The interrupted run's endpoints and check options are its own; new ones would mix two
      // different verifications in one run.
      if (!c->creds_file.empty() || c->no_guess || c->max_attempts >= 0)
        throw UsageError(std::string(
            tr("--resume 沿用原复核的选项，不能再给出 --creds、--no-guess 或 --max-attempts",
               "--resume keeps the interrupted run's options; do not give --creds, --no-guess "
               "or --max-attempts with it")));
      scan.resume = c->resume;
    } else {
      scan.endpoint_list = endpoint_list(endpoints);
    }
    AuditOptions options;
    if (auto latest = store.latest_run("audit")) {
      const ScanArgs previous = scan_args_from_json(latest->params);
      options = AuditOptions::from_json(previous.extra_json);
    }
    if (!c->creds_file.empty()) options.creds_file = c->creds_file;
    if (c->no_guess) options.no_guess = true;
    if (c->max_attempts >= 0) options.max_attempts = c->max_attempts;

    AuditRun run = run_audit("verify", scan, options, store, global);
    if (run.interrupted) {
      if (!global.quiet)
        std::cerr << fmt::format(
            "{} paicha verify --resume {}\n",
            tr("复核被中断。继续：", "The verification was interrupted. Continue with:"),
            run.document.run_id);
      throw CLI::RuntimeError(kExitInterrupted);
    }
    if (!global.quiet) {
      std::cerr << fmt::format(fmt::runtime(tr("复核 {} 个端口上的 {} 个问题（运行 #{}）\n",
                                               "verified {} problems on {} endpoints (run #{})\n")),
                               current_lang() == Lang::zh ? endpoints.size() : open.size(),
                               current_lang() == Lang::zh ? open.size() : endpoints.size(),
                               run.document.run_id);
      print_lifecycle_summary(run.lifecycle);
    }
    std::vector<store::TrackedFinding> after;
    for (const auto& f : open) after.push_back(lifecycle.get(f.id));
    report::Output out(c->output);
    out.write(report::render_tracked(after, c->format, store::today_utc()));
    out.close();
    if (!c->fail_on.empty() && store::any_open_at_or_above(after, *parse_severity(c->fail_on)))
      throw CLI::RuntimeError(kExitFindings);
  });
}

}  // namespace paicha::app
