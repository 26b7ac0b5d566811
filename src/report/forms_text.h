#pragma once
// The words of the two forms: titles, labels, column heads, and the text of each cell made from
// the inventory model. Shared by the XLSX, JSON and CSV writers so that they always agree.
// Labels follow the notice's attachments verbatim in Chinese; `--lang en` translates them.
#include <string>
#include <vector>

#include "report/forms_model.h"

namespace paicha::report::forms {

// Form 1: 数据资产清单
std::string form1_sheet_name();
std::string form1_title();  // two lines, as the attachment prints it

// One labelled value of Form 1 (contacts have four sub-fields each).
struct Form1Field {
  std::string key;    // stable JSON key: "unit_name", "security_contact.mobile", …
  std::string label;  // 单位名称 …
  std::string value;
};
std::vector<Form1Field> form1_fields(const Inventory& inventory);
std::string contact_label();  // 责任部门联系人 (the label spanning a contact's two rows)
// Where the measurements come from: "数据来源：paicha 实测（运行 #3、#5）" or "未找到实测数据".
std::string sources_note(const Inventory& inventory);

// Form 2: 在互联网上存储（含缓存）的重要数据和公民个人信息统计表
std::string form2_sheet_name();
std::string form2_title();
std::vector<std::string> form2_headers();      // the 7 columns in the attachment's order
std::vector<std::string> form2_column_keys();  // stable JSON/CSV keys of the same columns
std::string form2_note();                      // 注：包含的数据类型：…

std::string group_label(int ordinal);  // 本级, 直属事业单位1, …
// The 7 cells of a row; a "无" row has "无" in columns 2-7.
std::vector<std::string> form2_cells(const Inventory& inventory, const Form2Group& group,
                                     const Form2Row& row);

// Cell texts, exposed for tests.
std::string none_text();          // 无
std::string not_measured_text();  // 未测量
std::string volume_text(const Measured& measured);
std::string data_types_text(const Measured& measured);
std::string pii_description(const Measured& measured);  // 含公民个人信息：身份证号、手机号
std::string storage_checkboxes(StorageLocation location);  // ■互联网 □业务专网 …

}  // namespace paicha::report::forms
