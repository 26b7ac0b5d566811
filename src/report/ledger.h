#pragma once
// The rectification ledger (整改台账): one row per tracked problem with the columns inspection
// notices ask for, in CSV and JSON here and in XLSX in ledger_xlsx.h.
#include <string>
#include <vector>

#include "store/finding_lifecycle.h"

namespace paicha::report {

// The 11 columns, in the current language: 序号, 问题描述, 风险等级, 资产, 发现时间,
// 责任部门/责任人, 整改措施, 整改期限, 整改状态, 验证时间, 备注.
std::vector<std::string> ledger_headers();

// 整改状态 of a tracked problem: new → 待整改; open → 整改中 once someone owns it or has a
// deadline, else 待整改; reopened → 已复发; fixed → 已整改; accepted → 已接受风险. Open
// problems past their deadline get "（已逾期）".
std::string status_label(const store::TrackedFinding& finding, const std::string& today);

// One row of cells per finding, in ledger_headers() order.
std::vector<std::vector<std::string>> ledger_rows(
    const std::vector<store::TrackedFinding>& findings, const std::string& today);

std::string render_ledger_csv(const std::vector<store::TrackedFinding>& findings,
                              const std::string& today);
// Keys are stable English names; the status is both the machine value and the label.
std::string render_ledger_json(const std::vector<store::TrackedFinding>& findings,
                               const std::string& today);

}  // namespace paicha::report
