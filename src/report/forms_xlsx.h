#pragma once
// The two forms as one printable workbook: sheet 1 数据资产清单 (Form 1), sheet 2 在互联网上存储
// （含缓存）的重要数据和公民个人信息统计表 (Form 2). A4 landscape, one page wide, borders, merged
// headers as in the notice's attachments.
#include <string>

#include "report/forms_model.h"

namespace paicha::report {

// Writes the workbook to `path` with mode 0600. Throws RuntimeError naming the file on failure.
void write_forms_xlsx(const Inventory& inventory, const std::string& path);

}  // namespace paicha::report
