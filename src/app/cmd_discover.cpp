// `paicha discover`: find the data services in the given networks and name each one.
#include <fmt/format.h>

#include <iostream>

#include "app/cli.h"
#include "app/progress.h"
#include "app/scan_run.h"
#include "core/errors.h"
#include "core/i18n.h"
#include "report/output_file.h"
#include "report/run_document.h"
#include "store/store.h"

namespace paicha::app {

namespace {

struct DiscoverCommand {
  ScanArgs scan;
  std::string format = "table";
  std::string output;
  CLI::Option* resume_option = nullptr;
};

void print_summary(const ScanRunResult& result, const std::string& db_path) {
  size_t identified = 0;
  for (const auto& a : result.document.assets)
    if (a.service != "unknown") ++identified;
  const std::string_view comma = tr("，", ", "), semicolon = tr("；", "; ");
  std::cerr << fmt::format(
      "{} {} {}{}{} {} {}{}{} {} {}{}{} {}{}{} {} ({} #{})\n", tr("扫描", "scanned"), result.hosts,
      tr("台主机", "hosts"), comma, tr("发现", "found"), result.document.assets.size(),
      tr("个开放端口", "open ports"), semicolon, tr("识别出", "identified"), identified,
      tr("个服务", "services"), comma, tr("用时", "took"), format_duration(result.seconds),
      semicolon, tr("结果已写入", "stored in"), db_path, tr("运行", "run"), result.document.run_id);
  if (result.interrupted)
    std::cerr << fmt::format("{} paicha discover --resume {}\n",
                             tr("运行被中断。继续：", "The run was interrupted. Continue with:"),
                             result.document.run_id);
}

}  // namespace

void add_discover_command(CLI::App& root, GlobalOptions& global) {
  auto command = std::make_shared<DiscoverCommand>();
  CLI::App* cmd = root.add_subcommand(
      "discover", std::string(tr("发现网络中的数据服务并识别服务、产品和版本",
                                 "find the data services in networks and identify them")));
  add_scan_options(*cmd, command->scan, command->resume_option);
  add_format_option(*cmd, command->format, {"table", "json", "ndjson", "csv"});
  add_output_option(*cmd, command->output);
  cmd->footer(std::string(
      tr("示例：\n  paicha discover 192.168.1.0/24\n  paicha discover -p db,8080 -iL hosts.txt "
         "--format json -o assets.json\n  paicha discover --import-nmap scan.xml\n  paicha "
         "discover --resume",
         "Examples:\n  paicha discover 192.168.1.0/24\n  paicha discover -p db,8080 -iL "
         "hosts.txt --format json -o assets.json\n  paicha discover --import-nmap scan.xml\n  "
         "paicha discover --resume")));
  cmd->callback([command, &global] {
    command->scan.resume_requested = command->resume_option->count() > 0;
    const std::string db_path = effective_db_path(global);
    store::Store store(db_path);
    ScanRunResult result = run_scan("discover", command->scan, store, global);
    report::Output out(command->output);
    out.write(report::render(result.document, command->format));
    out.close();
    if (!global.quiet) print_summary(result, db_path);
    if (result.interrupted) throw CLI::RuntimeError(kExitInterrupted);
  });
}

}  // namespace paicha::app
