// `paicha diff RUN_A RUN_B`: what appeared, what was fixed and what came back between two
// audit/verify runs (store/run_diff.h).
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "app/cli.h"
#include "core/i18n.h"
#include "core/severity.h"
#include "report/output_file.h"
#include "report/text_table.h"
#include "store/run_diff.h"

namespace paicha::app {

namespace {

struct DiffCommand {
  int64_t run_a = 0, run_b = 0;
  std::string format = "table", output;
};

struct Section {
  const char* key;
  std::string_view label;
  const std::vector<Finding>* findings;
};

std::vector<Section> sections(const store::RunDiff& d) {
  return {{"appeared", tr("新出现", "appeared"), &d.appeared},
          {"fixed", tr("已整改", "fixed"), &d.fixed},
          {"came_back", tr("复发", "came back"), &d.came_back},
          {"still_open", tr("仍存在", "still open"), &d.still_open},
          {"not_rechecked", tr("未复查", "not re-checked"), &d.not_rechecked}};
}

std::string render_diff(const store::RunDiff& diff, const DiffCommand& c) {
  if (c.format == "json") {
    nlohmann::json j = {{"tool", "paicha"}, {"run_a", c.run_a}, {"run_b", c.run_b}};
    for (const auto& s : sections(diff)) {
      nlohmann::json list = nlohmann::json::array();
      for (const auto& f : *s.findings)
        list.push_back({{"id", f.fingerprint()},
                        {"rule", f.rule},
                        {"category", f.category},
                        {"severity", to_string(f.severity)},
                        {"host", f.host},
                        {"port", f.port},
                        {"service", f.service},
                        {"title", f.title}});
      j[s.key] = list;
    }
    return j.dump(2) + "\n";
  }
  report::TextTable table({std::string(tr("变化", "change")), "ID",
                           std::string(tr("等级", "severity")), std::string(tr("资产", "asset")),
                           std::string(tr("问题", "problem"))});
  std::string counts;
  for (const auto& s : sections(diff)) {
    counts += fmt::format("{}{} {}", counts.empty() ? "" : std::string(tr("，", ", ")), s.label,
                          s.findings->size());
    for (const auto& f : *s.findings)
      table.add_row({std::string(s.label), f.fingerprint(), std::string(severity_label(f.severity)),
                     fmt::format("{}:{}", f.host, f.port), f.title});
  }
  return fmt::format("#{} → #{}: {}\n", c.run_a, c.run_b, counts) +
         (table.size() ? table.render() : std::string());
}

}  // namespace

void add_diff_command(CLI::App& root, GlobalOptions& global) {
  auto c = std::make_shared<DiffCommand>();
  CLI::App* cmd = root.add_subcommand(
      "diff",
      std::string(tr("比较两次 audit/verify 运行：新出现、已整改、复发的问题",
                     "compare two audit/verify runs: what appeared, was fixed, came back")));
  cmd->add_option("run_a", c->run_a, std::string(tr("较早的运行编号", "the earlier run")))
      ->required();
  cmd->add_option("run_b", c->run_b, std::string(tr("较晚的运行编号", "the later run")))
      ->required();
  add_format_option(*cmd, c->format, {"table", "json"});
  add_output_option(*cmd, c->output);
  cmd->callback([c, &global] {
    store::Store store(effective_db_path(global));
    const store::RunDiff diff = store::diff_runs(store, c->run_a, c->run_b);
    report::Output out(c->output);
    out.write(render_diff(diff, *c));
    out.close();
  });
}

}  // namespace paicha::app
