// `paicha pii scan PATHS...`: find citizens' personal information in files.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <thread>

#include <nlohmann/json.hpp>

#include "app/cli.h"
#include "app/progress.h"
#include "core/errors.h"
#include "core/i18n.h"
#include "pii/scan_files.h"
#include "pii/scan_output.h"
#include "report/output_file.h"
#include "store/store.h"

namespace paicha::app {

namespace {

struct PiiScanCommand {
  std::vector<std::string> paths;
  std::string format = "table";
  std::string output;
  bool locations = false;
  std::vector<std::string> include, exclude;
  std::string max_size;
  unsigned threads = 0;
  size_t max_locations = 10000;
  std::string types;
};

// "10M", "1G", "512k", "4096" -> bytes.
uint64_t parse_size(const std::string& text) {
  size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  std::string unit = text.substr(used);
  if (!unit.empty() && (unit.back() == 'B' || unit.back() == 'b')) unit.pop_back();
  uint64_t scale = 1;
  if (unit == "k" || unit == "K")
    scale = uint64_t{1} << 10;
  else if (unit == "m" || unit == "M")
    scale = uint64_t{1} << 20;
  else if (unit == "g" || unit == "G")
    scale = uint64_t{1} << 30;
  else if (unit == "t" || unit == "T")
    scale = uint64_t{1} << 40;
  else if (!unit.empty())
    used = 0;
  if (used == 0 || value < 0)
    throw UsageError(std::string(tr("无效的大小 ", "invalid size ")) + "'" + text + "' " +
                     std::string(tr("（例：10M、1G）", "(e.g. 10M, 1G)")));
  return static_cast<uint64_t>(value * static_cast<double>(scale));
}

void run_scan(const PiiScanCommand& cmd, const GlobalOptions& global) {
  pii::ScanOptions options;
  options.read.include_globs = cmd.include;
  options.read.exclude_globs = cmd.exclude;
  if (!cmd.max_size.empty()) options.read.max_size = parse_size(cmd.max_size);
  if (!cmd.types.empty()) options.detect.types = pii::TypeSet::of(pii::parse_type_list(cmd.types));
  options.detect.locations = cmd.locations;
  options.detect.max_locations = cmd.max_locations ? cmd.max_locations : SIZE_MAX;
  options.threads = cmd.threads;
  std::vector<std::filesystem::path> paths;
  for (const auto& p : cmd.paths) {
    std::error_code ec;
    if (!std::filesystem::exists(p, ec))
      throw UsageError(std::string(tr("路径不存在：", "no such file or directory: ")) + p);
    paths.emplace_back(p);
  }

  report::Output out(cmd.output);  // opened first: a bad -o fails before the scan
  pii::ScanProgress counters;
  Progress progress(
      "MiB",
      [&counters] {
        return ProgressSample{counters.bytes_done.load() >> 20, counters.bytes_total.load() >> 20,
                              fmt::format("{}/{} {}", counters.files_done.load(),
                                          counters.files_total.load(), tr("个文件", "files"))};
      },
      !global.quiet && !global.no_progress && Progress::stderr_is_terminal());
  pii::ScanReport report = pii::scan_paths(paths, options, &counters);
  progress.finish();

  // Every scanned file becomes a data asset in the store, for the inventory forms.
  const std::string db_path = effective_db_path(global);
  store::Store store(db_path);
  nlohmann::json params = {
      {"paths", cmd.paths}, {"include", cmd.include}, {"exclude", cmd.exclude}};
  const int64_t run_id = store.begin_run("pii-scan", params.dump());
  std::vector<store::DataAsset> assets;
  for (const auto& file : report.files) {
    store::DataAsset asset;
    asset.kind = "file";
    asset.location = file.path;
    asset.encoding = file.encoding;
    asset.bytes = file.bytes;
    for (pii::PiiType type : pii::all_types())
      if (uint64_t n = file.counts.n[static_cast<size_t>(type)])
        asset.counts[std::string(pii::to_string(type))] = n;
    asset.sensitivity = store::sensitivity_of(asset.counts);
    asset.category = asset.sensitivity.empty() ? "business" : "personal";
    asset.skipped = file.skipped.value_or("");
    assets.push_back(std::move(asset));
  }
  store.record_data_assets(run_id, assets);
  store.finish_run(run_id, "done");

  if (cmd.format == "json")
    out.write(pii::to_json(report, cmd.locations).dump(2) + "\n");
  else if (cmd.format == "csv")
    out.write(pii::to_csv(report, cmd.locations));
  else
    out.write(pii::to_table(report, cmd.locations));
  out.close();

  if (!global.quiet) {
    size_t skipped = 0;
    for (const auto& f : report.files) skipped += f.skipped.has_value();
    double mib = static_cast<double>(report.bytes) / (1 << 20);
    std::cerr << fmt::format("{} {} {}（{} {}），{:.1f} MiB，{} {}，{:.1f} MiB/s\n",
                             tr("扫描", "scanned"), report.files.size(), tr("个文件", "files"),
                             skipped, tr("个跳过", "skipped"), mib, tr("发现", "found"),
                             report.totals.total(), report.seconds > 0 ? mib / report.seconds : 0);
    std::cerr << fmt::format("{} {} ({} #{})\n", tr("结果已写入", "stored in"), db_path,
                             tr("运行", "run"), run_id);
  }
}

}  // namespace

void add_pii_command(CLI::App& root, GlobalOptions& global) {
  CLI::App* pii = root.add_subcommand(
      "pii", std::string(tr("查找公民个人信息", "find citizens' personal information")));
  pii->require_subcommand(1);

  auto command = std::make_shared<PiiScanCommand>();
  CLI::App* scan = pii->add_subcommand(
      "scan", std::string(tr("扫描文件和目录中的个人信息（身份证号、手机号、银行卡号……）",
                             "scan files and folders for personal data (ID numbers, mobiles, "
                             "bank cards, ...)")));
  scan->add_option("paths", command->paths, std::string(tr("文件或目录", "files or folders")))
      ->required()
      ->type_name("PATH");
  add_format_option(*scan, command->format, {"table", "json", "csv"});
  add_output_option(*scan, command->output);
  scan->add_flag("--locations", command->locations,
                 std::string(tr("列出每处的位置（行/单元格/页）和脱敏示例",
                                "list each location (line/cell/page) with a masked sample")));
  scan->add_option("--max-locations", command->max_locations,
                   std::string(tr("每个文件最多列出的位置数（默认 10000，0 为不限）",
                                  "at most N locations per file (default 10000, 0: no limit)")))
      ->type_name("N");
  scan->add_option(
          "--include", command->include,
          std::string(tr("只扫描匹配的文件（可重复）", "only files matching GLOB (repeatable)")))
      ->type_name("GLOB");
  scan->add_option(
          "--exclude", command->exclude,
          std::string(tr("跳过匹配的文件（可重复）", "skip files matching GLOB (repeatable)")))
      ->type_name("GLOB");
  scan->add_option("--max-size", command->max_size,
                   std::string(tr("跳过大于此大小的文件（如 10M、1G）",
                                  "skip files larger than SIZE (e.g. 10M, 1G)")))
      ->type_name("SIZE");
  scan->add_option(
          "--threads", command->threads,
          std::string(tr("线程数（默认：CPU 核数）", "threads (default: number of cores)")))
      ->check(CLI::Range(1u, 256u))
      ->type_name("N");
  scan->add_option(
          "--types", command->types,
          std::string(tr("只查这些类型，逗号分隔：", "only these types, comma-separated: ")) +
              "cn_id,mobile,landline,bank_card,email,uscc,passport,ipv4,name,address,"
              "password,secret")
      ->type_name("LIST");
  scan->footer(std::string(tr(
      "示例：\n  paicha pii scan /data/exports\n  paicha pii scan a.csv b.xlsx --format json -o "
      "pii.json\n  paicha pii scan /srv --include '*.csv' --max-size 1G --types cn_id,mobile",
      "Examples:\n  paicha pii scan /data/exports\n  paicha pii scan a.csv b.xlsx --format json "
      "-o pii.json\n  paicha pii scan /srv --include '*.csv' --max-size 1G --types cn_id,mobile")));
  scan->callback([command, &global] { run_scan(*command, global); });
  add_pii_db_subcommand(*pii, global);
}

}  // namespace paicha::app
