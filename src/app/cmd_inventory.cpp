// `paicha inventory`: the notice's two forms (数据资产清单 and 在互联网上存储的重要数据和公民个人
// 信息统计表), filled from the unit profile and the measured data assets in the store.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>

#include "app/cli.h"
#include "core/errors.h"
#include "core/i18n.h"
#include "core/profile.h"
#include "report/forms_data.h"
#include "report/forms_model.h"
#include "report/forms_xlsx.h"
#include "report/output_file.h"
#include "store/store.h"

namespace paicha::app {

namespace {

struct InventoryCommand {
  std::string profile;
  std::string output;
  std::string format;
  std::vector<int64_t> runs;
};

// The measurements: the given runs, or the latest finished pii-db, pii-scan and audit runs.
struct Measurements {
  std::vector<store::DataAsset> data;
  std::vector<Asset> services;
  std::vector<int64_t> runs;
};

Measurements read_measurements(const std::string& db_path, const std::vector<int64_t>& run_ids) {
  Measurements m;
  std::error_code ec;
  if (run_ids.empty() && !std::filesystem::exists(db_path, ec)) return m;  // nothing measured yet
  store::Store store(db_path);
  std::vector<store::RunRecord> runs;
  if (run_ids.empty()) {
    for (const char* kind : {"pii-db", "pii-scan", "audit"})
      if (auto run = store.latest_run(kind, "done")) runs.push_back(*run);
  } else {
    for (int64_t id : run_ids) {
      auto run = store.run(id);
      if (!run)
        throw UsageError(fmt::format("--run {}: {} {}", id,
                                     tr("结果库中没有该运行", "no such run in"), db_path));
      runs.push_back(*run);
    }
  }
  for (const auto& run : runs) {
    if (run.kind == "pii-db" || run.kind == "pii-scan") {
      auto assets = store.data_assets(run.id);
      m.data.insert(m.data.end(), assets.begin(), assets.end());
    } else if (run.kind == "audit" || run.kind == "discover") {
      auto assets = store.assets(run.id);
      m.services.insert(m.services.end(), assets.begin(), assets.end());
    } else {
      throw UsageError(fmt::format("--run {}: {} '{}'", run.id,
                                   tr("该运行不含数据资产或服务，类型为",
                                      "has no data assets or "
                                      "services; its kind is"),
                                   run.kind));
    }
    m.runs.push_back(run.id);
  }
  return m;
}

std::string format_of(const InventoryCommand& cmd) {
  if (!cmd.format.empty()) return cmd.format;
  const std::string ext = std::filesystem::path(cmd.output).extension().string();
  if (ext == ".json") return "json";
  if (ext == ".csv") return "csv";
  return "xlsx";
}

void run_inventory(const InventoryCommand& cmd, const GlobalOptions& global) {
  const std::string format = format_of(cmd);
  if (format == "xlsx" && (cmd.output.empty() || cmd.output == "-"))
    throw UsageError(std::string(tr("xlsx 格式需要 -o 文件名（例 -o forms.xlsx）",
                                    "the xlsx format needs -o FILE (e.g. -o forms.xlsx)")));
  const std::string profile_path = cmd.profile.empty() ? default_profile_path() : cmd.profile;
  const UnitProfile profile = load_profile(profile_path);
  const std::string db_path = effective_db_path(global);
  Measurements m = read_measurements(db_path, cmd.runs);
  const report::Inventory inventory =
      report::build_inventory(profile, m.data, m.services, std::move(m.runs));

  if (format == "xlsx") {
    report::write_forms_xlsx(inventory, cmd.output);
  } else {
    report::Output out(cmd.output);
    out.write(format == "json" ? report::forms_to_json(inventory)
                               : report::form2_to_csv(inventory));
    out.close();
  }
  if (!global.quiet) {
    size_t rows = 0;
    for (const auto& g : inventory.groups) rows += g.rows.size();
    std::cerr << fmt::format("{}：{} {}，{} {}，{} {}{}\n", tr("表格", "forms"),
                             inventory.unit_total.assets,
                             tr("个实测数据资产", "measured data assets"), inventory.groups.size(),
                             tr("个单位", "units"), rows, tr("行（表二）", "rows in Form 2"),
                             cmd.output.empty() ? "" : fmt::format(" → {}", cmd.output));
    if (inventory.source_runs.empty())
      std::cerr << tr(
          "提示：结果库中没有实测数据，数据量将显示为“未测量”（先运行 paicha pii scan / pii db）\n",
          "note: no measurements in the store; volumes show as \"not measured\" (run "
          "paicha pii scan / pii db first)\n");
  }
}

}  // namespace

void add_inventory_command(CLI::App& root, GlobalOptions& global) {
  auto command = std::make_shared<InventoryCommand>();
  CLI::App* cmd = root.add_subcommand(
      "inventory",
      std::string(
          tr("填写通知附件的两张表：数据资产清单、在互联网上存储的重要数据和公民个人信息统计表",
             "fill in the notice's two forms: the data-asset inventory and the table of "
             "internet-stored important data and personal information")));
  cmd->add_option("--profile", command->profile,
                  std::string(tr("单位信息文件（默认 ./paicha.yaml，或 $PAICHA_PROFILE）",
                                 "unit profile (default ./paicha.yaml, else $PAICHA_PROFILE)")))
      ->type_name("FILE");
  add_output_option(*cmd, command->output);
  cmd->add_option("--format", command->format,
                  std::string(tr("输出格式：xlsx（两张表，默认）、json（两张表）、csv（表二）",
                                 "output format: xlsx (both forms, default), json (both forms), "
                                 "csv (Form 2)")))
      ->check(CLI::IsMember({"xlsx", "json", "csv"}))
      ->type_name("FMT");
  cmd->add_option(
         "--run", command->runs,
         std::string(tr("使用这些运行的实测结果（默认：最近一次 pii db、pii scan 和 audit）",
                        "use the measurements of these runs (default: the latest pii db, "
                        "pii scan and audit runs)")))
      ->type_name("ID");
  cmd->callback([command, &global] { run_inventory(*command, global); });
}

}  // namespace paicha::app
