// `paicha mask FILE -o OUT`: write a desensitised copy of a CSV, JSON or text file.
#include <fmt/format.h>

#include <filesystem>
#include <iostream>
#include <memory>

#include "app/cli.h"
#include "core/errors.h"
#include "core/i18n.h"
#include "pii/mask_file.h"
#include "report/output_file.h"

namespace paicha::app {

namespace {

struct MaskCommand {
  std::string input;
  std::string output;
  std::string types;
};

void run_mask(const MaskCommand& cmd, const GlobalOptions& global) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(cmd.input, ec))
    throw UsageError(std::string(tr("不是文件：", "not a file: ")) + cmd.input);
  if (!cmd.output.empty() && cmd.output != "-" &&
      std::filesystem::equivalent(cmd.input, cmd.output, ec))
    throw UsageError(
        std::string(tr("输出不能覆盖输入文件：", "the output would overwrite the input: ")) +
        cmd.output);
  pii::TypeSet types =
      cmd.types.empty() ? pii::TypeSet::all() : pii::TypeSet::of(pii::parse_type_list(cmd.types));
  report::Output out(cmd.output);
  auto result = pii::mask_file(cmd.input, types, [&out](std::string_view s) { out.write(s); });
  out.close();
  if (!global.quiet) {
    std::string detail;
    for (auto t : pii::all_types())
      if (result.masked[t]) detail += fmt::format(" {}={}", pii::to_string(t), result.masked[t]);
    std::cerr << fmt::format("{} {} {}（{}）:{}\n", tr("已脱敏", "masked"), result.masked.total(),
                             tr("处", "values"), result.encoding, detail);
  }
}

}  // namespace

void add_mask_command(CLI::App& root, GlobalOptions& global) {
  auto command = std::make_shared<MaskCommand>();
  CLI::App* cmd = root.add_subcommand(
      "mask", std::string(tr("生成 CSV/JSON/文本文件的脱敏副本（保持格式和编码）",
                             "write a desensitised copy of a CSV/JSON/text file (format and "
                             "encoding kept)")));
  cmd->add_option("file", command->input, std::string(tr("要脱敏的文件", "the file to mask")))
      ->required()
      ->type_name("FILE");
  add_output_option(*cmd, command->output);
  cmd->add_option(
         "--types", command->types,
         std::string(tr("只脱敏这些类型，逗号分隔", "only mask these types, comma-separated")))
      ->type_name("LIST");
  cmd->footer(std::string(tr("示例：\n  paicha mask customers.csv -o customers.masked.csv",
                             "Example:\n  paicha mask customers.csv -o customers.masked.csv")));
  cmd->callback([command, &global] { run_mask(*command, global); });
}

}  // namespace paicha::app
