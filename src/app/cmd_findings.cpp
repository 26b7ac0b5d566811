// `paicha findings`: the rectification loop's register of problems (store/finding_lifecycle.h):
// list with filters, show one with its history, accept a risk until a date, assign an owner and
// a deadline, add notes.
#include <fmt/format.h>

#include <iostream>
#include <optional>

#include "app/cli.h"
#include "core/errors.h"
#include "core/i18n.h"
#include "core/rules.h"
#include "core/severity.h"
#include "report/findings_view.h"
#include "report/output_file.h"
#include "store/finding_lifecycle.h"

namespace paicha::app {

namespace {

constexpr std::string_view kStatuses[] = {"new", "open", "fixed", "reopened", "accepted"};

struct FindingsCommand {
  std::vector<std::string> statuses, categories;
  std::string severity, owner, asset, fail_on, format = "table", output;
  int64_t run = 0;
  bool overdue = false;
  std::string id, reason, until, note;
  std::optional<std::string> assign_owner, department, due, measure;
};

void write_out(const std::string& path, const std::string& text) {
  report::Output out(path);
  out.write(text);
  out.close();
}

}  // namespace

void add_findings_command(CLI::App& root, GlobalOptions& global) {
  auto c = std::make_shared<FindingsCommand>();
  CLI::App* cmd = root.add_subcommand(
      "findings", std::string(tr("整改闭环：问题台账的查询、指派、接受风险与备注",
                                 "rectification loop: list, show, assign, accept and annotate "
                                 "tracked problems")));
  cmd->require_subcommand(1);
  auto open_store = [&global] { return std::make_unique<store::Store>(effective_db_path(global)); };

  CLI::App* list = cmd->add_subcommand("list", std::string(tr("列出问题", "list problems")));
  std::vector<std::string> status_names(std::begin(kStatuses), std::end(kStatuses));
  list->add_option("--status", c->statuses,
                   std::string(tr("状态（逗号分隔）：new|open|fixed|reopened|accepted",
                                  "statuses (comma separated): new|open|fixed|reopened|accepted")))
      ->delimiter(',')
      ->check(CLI::IsMember(status_names));
  list->add_option(
          "--category", c->categories,
          std::string(tr("类别（逗号分隔），如 weak_password", "categories (comma separated)")))
      ->delimiter(',');
  list->add_option("--severity", c->severity,
                   std::string(tr("只列该等级及以上", "only this severity and above")))
      ->check(CLI::IsMember({"critical", "high", "medium", "low", "info"}));
  list->add_option("--owner", c->owner, std::string(tr("责任人或责任部门", "owner or department")));
  list->add_flag("--overdue", c->overdue, std::string(tr("只列已逾期的", "only overdue problems")));
  list->add_option("--asset", c->asset,
                   std::string(tr("资产：主机或 主机:端口", "asset: HOST or HOST:PORT")));
  list->add_option("--run", c->run,
                   std::string(tr("只列该次运行发现的", "only problems seen by run N")));
  list->add_option(
          "--fail-on", c->fail_on,
          std::string(tr("所列问题中仍有该级别及以上未整改时退出状态为 1",
                         "exit 1 when a listed problem at or above this severity is open")))
      ->check(CLI::IsMember({"critical", "high", "medium", "low", "info"}));
  add_format_option(*list, c->format, {"table", "json", "csv"});
  add_output_option(*list, c->output);
  list->callback([c, open_store] {
    auto store = open_store();
    store::FindingLifecycle lifecycle(*store);
    lifecycle.expire_acceptances();
    store::FindingFilter filter;
    filter.statuses = c->statuses;
    filter.categories = c->categories;
    for (const auto& category : c->categories)
      if (!is_known_category(category))
        throw UsageError(fmt::format("{} {}", tr("未知类别：", "unknown category:"), category));
    if (!c->severity.empty()) filter.min_severity = parse_severity(c->severity);
    filter.owner = c->owner;
    filter.overdue = c->overdue;
    filter.asset = c->asset;
    if (c->run > 0) filter.run = c->run;
    const auto found = lifecycle.list(filter);
    write_out(c->output, report::render_tracked(found, c->format, store::today_utc()));
    if (!c->fail_on.empty() && store::any_open_at_or_above(found, *parse_severity(c->fail_on)))
      throw CLI::RuntimeError(kExitFindings);
  });

  CLI::App* show = cmd->add_subcommand(
      "show", std::string(tr("显示一个问题及其历史", "show one problem and its history")));
  show->add_option(
          "id", c->id,
          std::string(tr("问题编号（至少 4 位前缀）", "finding id (a prefix of 4+ digits)")))
      ->required();
  add_format_option(*show, c->format, {"table", "json"});
  add_output_option(*show, c->output);
  show->callback([c, open_store] {
    auto store = open_store();
    store::FindingLifecycle lifecycle(*store);
    lifecycle.expire_acceptances();
    const auto finding = lifecycle.get(c->id);
    write_out(c->output, report::render_tracked_detail(finding, lifecycle.history(finding.id),
                                                       c->format, store::today_utc()));
  });

  CLI::App* accept = cmd->add_subcommand(
      "accept", std::string(tr("接受风险至某日，到期后恢复为未整改",
                               "accept a risk until a date; it reopens after")));
  accept->add_option("id", c->id, std::string(tr("问题编号", "finding id")))->required();
  accept
      ->add_option("--reason", c->reason,
                   std::string(tr("接受风险的理由", "why the risk is accepted")))
      ->required();
  accept
      ->add_option("--until", c->until, std::string(tr("截止日期 YYYY-MM-DD", "until YYYY-MM-DD")))
      ->required();
  accept->callback([c, open_store] {
    auto store = open_store();
    store::FindingLifecycle(*store).accept(c->id, c->reason, c->until);
  });

  CLI::App* assign = cmd->add_subcommand(
      "assign", std::string(tr("指定责任人、责任部门、整改期限和整改措施",
                               "set the owner, department, deadline and remediation measure")));
  assign->add_option("id", c->id, std::string(tr("问题编号", "finding id")))->required();
  assign->add_option("--owner", c->assign_owner, std::string(tr("责任人", "owner")));
  assign->add_option("--department", c->department, std::string(tr("责任部门", "department")));
  assign->add_option("--due", c->due,
                     std::string(tr("整改期限 YYYY-MM-DD", "deadline YYYY-MM-DD")));
  assign->add_option("--measure", c->measure,
                     std::string(tr("整改措施（默认为规则的建议）",
                                    "remediation measure (default: the rule's advice)")));
  assign->callback([c, open_store] {
    if (!c->assign_owner && !c->department && !c->due && !c->measure)
      throw UsageError(std::string(tr("assign 需要 --owner、--department、--due 或 --measure 之一",
                                      "assign needs --owner, --department, --due or --measure")));
    auto store = open_store();
    store::FindingLifecycle(*store).assign(c->id, c->assign_owner, c->department, c->due,
                                           c->measure);
  });

  CLI::App* note = cmd->add_subcommand("note", std::string(tr("添加备注", "add a note")));
  note->add_option("id", c->id, std::string(tr("问题编号", "finding id")))->required();
  note->add_option("text", c->note, std::string(tr("备注内容", "the note")))->required();
  note->callback([c, open_store] {
    auto store = open_store();
    store::FindingLifecycle(*store).add_note(c->id, c->note);
  });
  cmd->footer(std::string(tr(
      "示例：\n  paicha findings list --status open,reopened --severity high\n  paicha findings "
      "show "
      "3fa2\n  paicha findings assign 3fa2 --department 信息中心 --owner 张三 --due 2026-12-31\n  "
      "paicha findings accept 3fa2 --reason 内网隔离，下季度替换 --until 2027-03-31",
      "Examples:\n  paicha findings list --status open,reopened --severity high\n  paicha findings "
      "show 3fa2\n  paicha findings assign 3fa2 --owner alice --due 2026-12-31\n  paicha findings "
      "accept 3fa2 --reason 'isolated network' --until 2027-03-31")));
}

}  // namespace paicha::app
