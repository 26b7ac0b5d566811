// `paicha ledger`: the rectification ledger (整改台账) that inspection notices ask units to keep
// and file: every tracked problem with its owner, deadline, status and verification time.
#include <fmt/format.h>

#include <filesystem>

#include "app/cli.h"
#include "core/errors.h"
#include "core/i18n.h"
#include "core/severity.h"
#include "report/ledger.h"
#include "report/ledger_xlsx.h"
#include "report/output_file.h"
#include "store/finding_lifecycle.h"

namespace paicha::app {

namespace {

struct LedgerCommand {
  std::string format, output, unit, fail_on;
  std::vector<std::string> statuses;
};

// --format wins; otherwise the extension of -o; otherwise xlsx.
std::string ledger_format(const LedgerCommand& c) {
  if (!c.format.empty()) return c.format;
  const std::string ext = std::filesystem::path(c.output).extension().string();
  if (ext == ".csv") return "csv";
  if (ext == ".json") return "json";
  return "xlsx";
}

}  // namespace

void add_ledger_command(CLI::App& root, GlobalOptions& global) {
  auto c = std::make_shared<LedgerCommand>();
  CLI::App* cmd = root.add_subcommand(
      "ledger", std::string(tr("导出整改台账（XLSX/CSV/JSON）",
                               "write the rectification ledger (XLSX/CSV/JSON)")));
  cmd->add_option(
         "--format", c->format,
         std::string(tr("格式：xlsx|csv|json（默认按 -o 的扩展名，否则 xlsx）",
                        "format: xlsx|csv|json (default: from -o's extension, else xlsx)")))
      ->check(CLI::IsMember({"xlsx", "csv", "json"}))
      ->type_name("FMT");
  add_output_option(*cmd, c->output);
  cmd->add_option("--status", c->statuses,
                  std::string(tr("只列这些状态（逗号分隔）：new|open|fixed|reopened|accepted",
                                 "only these statuses (comma separated)")))
      ->delimiter(',')
      ->check(CLI::IsMember({"new", "open", "fixed", "reopened", "accepted"}));
  cmd->add_option("--unit", c->unit,
                  std::string(tr("单位名称，写在标题中", "unit name for the title")));
  cmd->add_option("--fail-on", c->fail_on,
                  std::string(tr("仍有该级别及以上问题未整改时退出状态为 1",
                                 "exit 1 while problems at or above this severity are open")))
      ->check(CLI::IsMember({"critical", "high", "medium", "low", "info"}));
  cmd->footer(
      std::string(tr("示例：\n  paicha ledger -o 整改台账.xlsx --unit 某某中学\n  paicha ledger "
                     "--format csv -o ledger.csv --fail-on high",
                     "Examples:\n  paicha ledger -o ledger.xlsx --unit 'Example School'\n  paicha "
                     "ledger --format csv -o ledger.csv --fail-on high")));
  cmd->callback([c, &global] {
    const std::string format = ledger_format(*c);
    report::Output out(c->output);
    if (format == "xlsx" && out.is_terminal())
      throw UsageError(std::string(tr("XLSX 台账需要 -o 文件名", "the XLSX ledger needs -o FILE")));
    store::Store store(effective_db_path(global));
    store::FindingLifecycle lifecycle(store);
    lifecycle.expire_acceptances();
    store::FindingFilter filter;
    filter.statuses = c->statuses;
    const auto findings = lifecycle.list(filter);
    const std::string today = store::today_utc();
    if (format == "csv") {
      out.write(report::render_ledger_csv(findings, today));
    } else if (format == "json") {
      out.write(report::render_ledger_json(findings, today));
    } else {
      std::string title(tr("整改台账", "Rectification ledger"));
      title += c->unit.empty() ? fmt::format("（{}）", today)
                               : fmt::format("（{}，{}）", c->unit, today);
      out.write(report::ledger_xlsx(findings, title, today));
    }
    out.close();
    if (!c->fail_on.empty() && store::any_open_at_or_above(findings, *parse_severity(c->fail_on)))
      throw CLI::RuntimeError(kExitFindings);
  });
}

}  // namespace paicha::app
