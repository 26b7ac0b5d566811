#pragma once
// The rectification ledger (整改台账) as an XLSX workbook laid out for printing: A4 landscape,
// one page wide, the header row repeated on every page, borders, wrapped text and a merged
// title row.
#include <string>
#include <vector>

#include "store/finding_lifecycle.h"

namespace paicha::report {

// The workbook's bytes (libxlsxwriter writes to a file; it goes to a private temporary
// directory and the caller writes the bytes through report::Output, mode 0600).
// `title` is the merged first row, e.g. "整改台账（某某单位，2026-11-21）".
std::string ledger_xlsx(const std::vector<store::TrackedFinding>& findings,
                        const std::string& title, const std::string& today);

}  // namespace paicha::report
