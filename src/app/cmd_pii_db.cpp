// `paicha pii db DSN...`: what personal data databases hold, how much, and where (Form 2 of
// the core notice), measured by read-only sampling instead of guessed.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <memory>

#include <nlohmann/json.hpp>

#include "app/cli.h"
#include "app/pii_db_run.h"
#include "core/errors.h"
#include "core/i18n.h"
#include "pii/db_output.h"
#include "report/output_file.h"
#include "store/store.h"

namespace paicha::app {

namespace {

struct PiiDbCommand {
  std::vector<std::string> dsns;
  std::string dsn_file;
  std::string creds_file;
  std::string format = "table";
  std::string output;
  size_t sample_rows = 1000;
  size_t samples = 0;
  bool exact = false;
  unsigned statement_timeout_s = 30;
  std::vector<std::string> include, exclude;
};

// DSNs on the command line must not carry a password (argv is visible to every user).
std::vector<Dsn> collect_dsns(const PiiDbCommand& cmd) {
  std::vector<Dsn> out;
  for (const auto& text : cmd.dsns) {
    Dsn dsn = parse_dsn(text);
    if (dsn.has_password && !dsn.password.empty())
      throw UsageError(fmt::format(
          "{} '{}': {}", tr("DSN", "DSN"), dsn.masked(),
          tr("命令行中不能带口令；请用 --creds 文件、--dsn-file 或环境变量（如 PGPASSWORD、"
             "PAICHA_DB_PASSWORD）",
             "no passwords on the command line; use a --creds file, --dsn-file or the "
             "environment (PGPASSWORD, PAICHA_DB_PASSWORD, ...)")));
    out.push_back(std::move(dsn));
  }
  if (!cmd.dsn_file.empty()) {
    std::ifstream in(cmd.dsn_file);
    if (!in)
      throw UsageError(
          fmt::format("{} {}", tr("无法读取 DSN 文件", "cannot read DSN file"), cmd.dsn_file));
    std::string line;
    size_t number = 0;
    while (std::getline(in, line)) {
      ++number;
      while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
      if (line.empty() || line.front() == '#') continue;
      try {
        out.push_back(parse_dsn(line));
      } catch (const UsageError& e) {
        throw UsageError(fmt::format("{}:{}: {}", cmd.dsn_file, number, e.what()));
      }
    }
  }
  if (out.empty())
    throw UsageError(std::string(tr("没有要检查的数据库（DSN 或 --dsn-file）",
                                    "no database to inspect (DSN or --dsn-file)")));
  return out;
}

void run_pii_db(const PiiDbCommand& cmd, const GlobalOptions& global) {
  std::vector<Dsn> dsns = collect_dsns(cmd);
  CredentialStore creds;
  if (!cmd.creds_file.empty())
    creds.load_file(cmd.creds_file, [&global](const std::string& warning) {
      if (!global.quiet) std::cerr << warning << "\n";
    });
  pii::DbScanOptions options;
  options.sampler.sample_rows = cmd.sample_rows;
  options.sampler.statement_timeout_ms = cmd.statement_timeout_s * 1000;
  options.exact = cmd.exact;
  options.include = cmd.include;
  options.exclude = cmd.exclude;
  options.samples = cmd.samples;

  report::Output out(cmd.output);  // opened first: a bad -o fails before the scan
  const std::string db_path = effective_db_path(global);
  store::Store store(db_path);
  nlohmann::json params = {{"exact", cmd.exact},
                           {"sample", cmd.sample_rows},
                           {"include", cmd.include},
                           {"exclude", cmd.exclude}};
  for (const auto& d : dsns) params["dsns"].push_back(d.masked());
  const int64_t run_id = store.begin_run("pii-db", params.dump());

  std::vector<pii::DbSourceResult> sources;
  for (const auto& dsn : dsns) {
    if (!global.quiet) std::cerr << fmt::format("{} {}\n", tr("读取", "reading"), dsn.masked());
    sources.push_back(pii::scan_database(dsn, resolve_login(dsn, creds), options));
  }
  std::vector<Finding> findings = record_pii_db_results(store, run_id, sources);
  size_t failed = 0;
  for (const auto& s : sources) failed += s.error.has_value();
  store.finish_run(run_id, failed == sources.size() ? "failed" : "done");

  if (cmd.format == "json")
    out.write(pii::db_to_json(sources, findings, run_id, cmd.exact).dump(2) + "\n");
  else if (cmd.format == "csv")
    out.write(pii::db_to_csv(sources));
  else
    out.write(pii::db_to_table(sources, findings));
  out.close();

  if (!global.quiet) {
    for (const auto& s : sources)
      if (s.error) std::cerr << fmt::format("{}: {}\n", tr("失败", "failed"), *s.error);
    std::cerr << fmt::format("{} {} ({} #{})\n", tr("结果已写入", "stored in"), db_path,
                             tr("运行", "run"), run_id);
  }
  if (failed == sources.size())
    throw RuntimeError(sources.size() == 1
                           ? *sources[0].error
                           : std::string(tr("所有数据库均无法读取", "no database could be read")));
}

}  // namespace

void add_pii_db_subcommand(CLI::App& pii, GlobalOptions& global) {
  auto command = std::make_shared<PiiDbCommand>();
  CLI::App* db = pii.add_subcommand(
      "db", std::string(tr("只读抽样数据库，发现其中的个人信息并计量（表、行数、大小）",
                           "sample databases read-only: which personal data they hold, how much "
                           "and where")));
  db->add_option("dsns", command->dsns,
                 std::string(tr("数据库地址：postgresql://host[:port][/db]、mysql://…、"
                                "redis://…、sqlite:///path（不含口令）",
                                "database addresses: postgresql://host[:port][/db], mysql://..., "
                                "redis://..., sqlite:///path (no password)")))
      ->type_name("DSN");
  db->add_option("--dsn-file", command->dsn_file,
                 std::string(tr("DSN 列表文件（每行一个，可含口令，建议权限 0600）",
                                "file of DSNs, one a line (may hold passwords; mode 0600)")))
      ->type_name("FILE");
  db->add_option("--creds", command->creds_file,
                 std::string(tr("账号文件（YAML，与 audit 相同格式，service 为引擎名）",
                                "logins file (YAML, as for audit; service is the engine)")))
      ->type_name("FILE");
  db->add_option(
        "--sample", command->sample_rows,
        std::string(tr("每表抽样行数（默认 1000）", "rows sampled per table (default 1000)")))
      ->check(CLI::Range(size_t{1}, size_t{10000000}))
      ->type_name("N");
  db->add_flag("--exact", command->exact,
               std::string(tr("逐行统计个人信息列中的有效值（全量读取这些列）",
                              "count the valid values of the personal-data columns exactly "
                              "(reads every row of them)")));
  db->add_option("--samples", command->samples,
                 std::string(tr("每列显示的脱敏示例数（默认 0）",
                                "masked examples shown per column (default 0)")))
      ->check(CLI::Range(size_t{0}, size_t{20}))
      ->type_name("N");
  db->add_option("--statement-timeout", command->statement_timeout_s,
                 std::string(tr("每条查询的超时，秒（默认 30）",
                                "timeout of every query in seconds (default 30)")))
      ->check(CLI::Range(1u, 86400u))
      ->type_name("SEC");
  db->add_option("--include", command->include,
                 std::string(tr("只检查匹配的表（db.schema.table 或表名的通配符，可重复）",
                                "only tables matching GLOB (db.schema.table or the name; "
                                "repeatable)")))
      ->type_name("GLOB");
  db->add_option(
        "--exclude", command->exclude,
        std::string(tr("跳过匹配的表（可重复）", "skip tables matching GLOB (repeatable)")))
      ->type_name("GLOB");
  add_format_option(*db, command->format, {"table", "json", "csv"});
  add_output_option(*db, command->output);
  db->footer(std::string(tr(
      "口令来自 --creds、--dsn-file 或环境变量 PGPASSWORD / MYSQL_PWD / REDISCLI_AUTH / "
      "PAICHA_DB_PASSWORD，绝不来自命令行。\n示例：\n  paicha pii db postgresql://dba@10.0.0.5/hr "
      "--creds creds.yaml\n  PAICHA_DB_PASSWORD=… paicha pii db mysql://root@10.0.0.6 --format "
      "json -o assets.json\n  paicha pii db sqlite:///srv/app.db --exact",
      "Passwords come from --creds, --dsn-file or PGPASSWORD / MYSQL_PWD / REDISCLI_AUTH / "
      "PAICHA_DB_PASSWORD, never from the command line.\nExamples:\n  paicha pii db "
      "postgresql://dba@10.0.0.5/hr --creds creds.yaml\n  PAICHA_DB_PASSWORD=... paicha pii db "
      "mysql://root@10.0.0.6 --format json -o assets.json\n  paicha pii db sqlite:///srv/app.db "
      "--exact")));
  db->callback([command, &global] { run_pii_db(*command, global); });
}

}  // namespace paicha::app
