// `paicha report`: the self-inspection report (自查报告) of an audit run as DOCX or
// self-contained HTML, or the run's findings in the machine formats (JSON, NDJSON, CSV, SARIF).
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <map>

#include "app/cli.h"
#include "core/errors.h"
#include "core/i18n.h"
#include "core/profile.h"
#include "core/rules.h"
#include "core/vulndb.h"
#include "report/output_file.h"
#include "report/personal_data.h"
#include "report/personal_data_export.h"
#include "report/report_docx.h"
#include "report/report_html.h"
#include "report/report_model.h"
#include "report/run_document.h"
#include "store/finding_lifecycle.h"
#include "store/finding_stream.h"
#include "store/store.h"

namespace paicha::app {

namespace {

struct ReportCommand {
  std::string format = "docx";
  std::string output;
  int64_t run_id = 0;
  std::string profile_path;
};

store::RunRecord pick_audit_run(store::Store& store, int64_t run_id, const std::string& db_path) {
  if (run_id > 0) {
    auto run = store.run(run_id);
    if (!run)
      throw UsageError(fmt::format("{} {} {} {}", tr("结果库", "the store"), db_path,
                                   tr("中没有运行", "has no run"), run_id));
    if (run->kind != "audit")
      throw UsageError(fmt::format("{} {} {} {}{}", tr("运行", "run"), run_id,
                                   tr("的类型是", "is a"), run->kind,
                                   tr("，不是 audit；报告需要一次 audit 运行",
                                      " run, not an audit; the report needs an audit run")));
    return *run;
  }
  auto run = store.latest_run("audit");
  if (!run)
    throw UsageError(fmt::format("{} {} {}", tr("结果库", "the store"), db_path,
                                 tr("中还没有检查结果：请先运行 paicha audit",
                                    "holds no audit yet: run paicha audit first")));
  return *run;
}

std::optional<UnitProfile> read_profile(const std::string& explicit_path) {
  const std::string path = explicit_path.empty() ? default_profile_path() : explicit_path;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    if (!explicit_path.empty())
      throw UsageError(
          fmt::format("{} {}", tr("找不到单位信息文件", "no such profile file"), path));
    return std::nullopt;  // the report says where the unit's details are missing
  }
  return load_profile(path);
}

// Owner, deadline and status as the rectification loop records them (paicha findings assign,
// verify): they override the defaults the model derives from the profile and severity.
std::map<std::string, report::TrackingInfo> tracking_of(store::Store& store) {
  std::map<std::string, report::TrackingInfo> by_fingerprint;
  store::FindingLifecycle lifecycle(store);
  for (const store::TrackedFinding& tracked : lifecycle.list(store::FindingFilter{})) {
    report::TrackingInfo info;
    if (!tracked.department.empty() && !tracked.owner.empty())
      info.owner = tracked.department + " / " + tracked.owner;
    else
      info.owner = !tracked.owner.empty() ? tracked.owner : tracked.department;
    info.deadline = tracked.due;
    info.status = tracked.status;
    by_fingerprint.emplace(tracked.id, std::move(info));
  }
  return by_fingerprint;
}

std::vector<store::DataAsset> personal_data_assets(store::Store& store) {
  std::vector<store::DataAsset> all;
  for (const char* kind : {"pii-scan", "pii-db"}) {
    auto run = store.latest_run(kind);
    if (!run) continue;
    auto assets = store.data_assets(run->id);
    std::move(assets.begin(), assets.end(), std::back_inserter(all));
  }
  return all;
}

// The findings CSV stays one table, as its consumers parse it; the personal-data places go to a
// second file next to it. Standard output or a device (-o /dev/stdout) has no "next to it", so
// the places are left out there and the user is told how to get them. Returns the file written.
std::string write_personal_data_csv(const ReportCommand& command, const report::PersonalData& data,
                                    bool quiet) {
  std::error_code ec;
  const bool to_file = !command.output.empty() && command.output != "-" &&
                       std::filesystem::is_regular_file(command.output, ec);
  if (!to_file) {
    if (!quiet && !data.places.empty()) {
      const std::string note(
          tr("个人信息位置（{} 处）不在标准输出的 CSV 中：用 -o FILE 时另写入 "
             "FILE 旁的 <名称>.personal_data.csv",
             "personal-data places ({}) are not in the CSV on standard output: "
             "with -o FILE they go to <name>.personal_data.csv next to FILE"));
      std::cerr << fmt::format(fmt::runtime(note), data.places.size()) << "\n";
    }
    return "";
  }
  // Written even without places: a stale file from an earlier report must not remain.
  const std::string path = report::personal_data_csv_path(command.output);
  report::Output out(path);
  out.write(report::render_personal_data_csv(data));
  out.close();
  return path;
}

void run_report(const ReportCommand& command, const GlobalOptions& global) {
  const std::string db_path = effective_db_path(global);
  std::error_code ec;
  // Opening creates a store; a report must not leave an empty one behind a typo.
  if (!std::filesystem::exists(db_path, ec))
    throw UsageError(fmt::format("{} {}{}", tr("结果库不存在：", "no store at"), db_path,
                                 tr("（请先运行 paicha audit）", " (run paicha audit first)")));
  const bool binary = command.format == "docx";
  if (binary && (command.output.empty() || command.output == "-") && ::isatty(STDOUT_FILENO))
    throw UsageError(std::string(tr("DOCX 是二进制文件，请用 -o 指定输出文件",
                                    "DOCX is a binary file: name the output with -o FILE")));
  // Read the profile first: a bad paicha.yaml is reported before any work.
  std::optional<UnitProfile> profile;
  if (command.format == "docx" || command.format == "html")
    profile = read_profile(command.profile_path);

  store::Store store(db_path);
  const store::RunRecord run = pick_audit_run(store, command.run_id, db_path);
  size_t problems = 0;
  std::string personal_data_csv;  // the second file of --format csv, if written
  report::Output out(command.output);
  if (command.format == "docx" || command.format == "html") {
    report::ReportInputs inputs;
    inputs.run_id = run.id;
    inputs.started_at = run.started_at;
    inputs.finished_at = run.finished_at;
    inputs.params_json = run.params;
    inputs.assets = store.assets(run.id);
    const RuleCatalogue& catalogue = RuleCatalogue::builtin();
    store::for_each_finding(
        store, run.id, [&](std::string_view rule) { return catalogue.find(rule) == nullptr; },
        [&](Finding&& f) { inputs.findings.push_back(std::move(f)); });
    inputs.data_assets = personal_data_assets(store);
    inputs.profile = std::move(profile);
    inputs.data_version = VulnDb::builtin().data_version();
    inputs.today = today_utc();
    report::ReportModel model = report::build_report_model(inputs, RuleCatalogue::builtin());
    report::apply_tracking(model, tracking_of(store));
    problems = model.problems.size();
    if (binary)
      out.write(report::render_report_docx(model, store::now_utc()));
    else
      report::write_report_html(model, [&out](std::string_view piece) { out.write(piece); });
  } else {
    report::RunDocument doc;
    doc.run_id = run.id;
    doc.kind = run.kind;
    doc.status = run.status;
    doc.started_at = run.started_at;
    doc.finished_at = run.finished_at;
    doc.assets = store.assets(run.id);
    doc.findings = store.findings(run.id);
    doc.notes = store.notes(run.id);
    std::vector<store::DataAsset> data_assets = personal_data_assets(store);
    doc.personal_data = report::collect_personal_data(data_assets);
    problems = doc.findings.size();
    out.write(report::render(doc, command.format));
    out.close();  // the findings are complete before their companion file is written
    if (command.format == "csv")
      personal_data_csv = write_personal_data_csv(command, *doc.personal_data, global.quiet);
  }
  out.close();
  if (!global.quiet && !command.output.empty() && command.output != "-")
    std::cerr << fmt::format("{} {}（{} #{}，{} {}）\n", tr("报告已写入", "report written to"),
                             command.output, tr("运行", "run"), run.id, problems,
                             tr("个问题", "problems"));
  if (!global.quiet && !personal_data_csv.empty())
    std::cerr << fmt::format("{} {}\n", tr("个人信息位置已写入", "personal-data places written to"),
                             personal_data_csv);
}

}  // namespace

void add_report_command(CLI::App& root, GlobalOptions& global) {
  auto command = std::make_shared<ReportCommand>();
  CLI::App* cmd = root.add_subcommand(
      "report", std::string(tr("生成自查报告（DOCX/HTML），或导出检查结果（JSON/NDJSON/CSV/SARIF）",
                               "write the self-inspection report (DOCX/HTML) or export the "
                               "findings (JSON/NDJSON/CSV/SARIF)")));
  cmd->add_option("--format", command->format,
                  std::string(tr("输出格式：docx|html|json|ndjson|csv|sarif（默认 docx）",
                                 "output format: docx|html|json|ndjson|csv|sarif (default docx)")))
      ->check(CLI::IsMember({"docx", "html", "json", "ndjson", "csv", "sarif"}))
      ->type_name("FMT");
  add_output_option(*cmd, command->output);
  cmd->add_option("--run", command->run_id,
                  std::string(tr("报告哪次 audit 运行（默认最近一次）",
                                 "the audit run to report (default: the latest)")))
      ->check(CLI::PositiveNumber)
      ->type_name("RUN_ID");
  cmd->add_option("--profile", command->profile_path,
                  std::string(tr("单位信息文件（默认 ./paicha.yaml；没有时报告中留空待填）",
                                 "unit profile (default ./paicha.yaml; without one the report "
                                 "leaves the unit's details blank)")))
      ->type_name("FILE");
  cmd->footer(std::string(
      tr("示例：\n  paicha report -o 自查报告.docx\n  paicha report --format html -o report.html\n"
         "  paicha report --format sarif -o paicha.sarif",
         "Examples:\n  paicha report -o report.docx\n  paicha report --format html -o report.html\n"
         "  paicha --lang en report --format sarif -o paicha.sarif")));
  cmd->callback([command, &global] { run_report(*command, global); });
}

}  // namespace paicha::app
