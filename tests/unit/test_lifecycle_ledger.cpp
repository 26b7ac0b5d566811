// The rectification ledger: its columns, the status wording, and the XLSX workbook.
#include <gtest/gtest.h>

#include "core/i18n.h"
#include "report/ledger.h"
#include "report/ledger_xlsx.h"

namespace paicha::report {

namespace {

store::TrackedFinding tracked(const std::string& status) {
  store::TrackedFinding t;
  t.id = "0123456789abcdef";
  t.rule = "redis.unauthorized_access";
  t.category = "unauthorized_access";
  t.severity = Severity::critical;
  t.host = "10.0.0.5";
  t.port = 6379;
  t.service = "redis";
  t.title = "Redis 未设置口令";
  t.evidence = "12 个键";
  t.remediation = "设置 requirepass";
  t.status = status;
  t.first_seen_at = "2026-11-01T08:00:00Z";
  return t;
}

}  // namespace

TEST(LifecycleLedger, HasTheElevenColumnsInOrder) {
  set_lang(Lang::zh);
  EXPECT_EQ(ledger_headers(),
            (std::vector<std::string>{"序号", "问题描述", "风险等级", "资产", "发现时间",
                                      "责任部门/责任人", "整改措施", "整改期限", "整改状态",
                                      "验证时间", "备注"}));
  set_lang(Lang::en);
  EXPECT_EQ(ledger_headers().front(), "No.");
  EXPECT_EQ(ledger_headers().size(), 11u);
  set_lang(Lang::zh);
}

TEST(LifecycleLedger, StatusWordingFollowsTheLoop) {
  set_lang(Lang::zh);
  const std::string today = "2026-11-21";
  EXPECT_EQ(status_label(tracked("new"), today), "待整改");
  store::TrackedFinding assigned = tracked("open");
  EXPECT_EQ(status_label(assigned, today), "待整改");
  assigned.owner = "张三";
  assigned.due = "2026-12-31";
  EXPECT_EQ(status_label(assigned, today), "整改中");
  assigned.due = "2026-11-01";
  EXPECT_EQ(status_label(assigned, today), "整改中（已逾期）");
  EXPECT_EQ(status_label(tracked("fixed"), today), "已整改");
  EXPECT_EQ(status_label(tracked("reopened"), today), "已复发");
  EXPECT_EQ(status_label(tracked("accepted"), today), "已接受风险");
}

TEST(LifecycleLedger, RowsCarryTheFindingsValues) {
  set_lang(Lang::zh);
  store::TrackedFinding fixed = tracked("fixed");
  fixed.fixed_at = "2026-11-20T09:00:00Z";
  fixed.department = "信息中心";
  fixed.owner = "张三";
  fixed.due = "2026-11-30";
  const auto rows = ledger_rows({tracked("open"), fixed}, "2026-11-21");
  ASSERT_EQ(rows.size(), 2u);
  ASSERT_EQ(rows[1].size(), 11u);
  EXPECT_EQ(rows[1][0], "2");
  EXPECT_EQ(rows[1][1], "Redis 未设置口令：12 个键");
  EXPECT_EQ(rows[1][3], "10.0.0.5:6379 (redis)");
  EXPECT_EQ(rows[1][5], "信息中心/张三");
  EXPECT_EQ(rows[1][6], "设置 requirepass");
  EXPECT_EQ(rows[1][9], "2026-11-20T09:00:00Z");
  EXPECT_EQ(rows[0][9], "") << "an open problem has no verification time";
  EXPECT_NE(render_ledger_csv({fixed}, "2026-11-21").find("序号,问题描述"), std::string::npos);
}

TEST(LifecycleLedger, XlsxIsAZipWorkbook) {
  const std::string bytes = ledger_xlsx({tracked("open")}, "整改台账（测试）", "2026-11-21");
  ASSERT_GT(bytes.size(), 1000u);
  EXPECT_EQ(bytes.substr(0, 2), "PK");
  EXPECT_NE(bytes.find("xl/worksheets/sheet1.xml"), std::string::npos);
}

}  // namespace paicha::report
