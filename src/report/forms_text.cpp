#include "report/forms_text.h"

#include <fmt/format.h>

#include "core/human_size.h"
#include "core/i18n.h"
#include "pii/types.h"

namespace paicha::report::forms {

namespace {

std::string s(std::string_view text) {
  return std::string(text);
}

std::string joined(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += separator;
    out += p;
  }
  return out;
}

std::string pii_type_names(const Measured& measured) {
  std::vector<std::string> names;
  for (const auto& key : measured.pii_types) {
    auto type = pii::parse_type(key);
    names.push_back(type ? s(pii::display_name(*type)) : key);
  }
  return joined(names, tr("、", ", "));
}

std::string storage_label(StorageLocation location) {
  return current_lang() == Lang::zh ? storage_location_label_zh(location)
                                    : storage_location_label_en(location);
}

std::string maintainer_text(const InformationSystem& system) {
  const Contact& c = system.maintainer;
  std::string phones = joined({c.office_phone, c.mobile}, " / ");
  std::string text = joined({system.maintainer_unit, c.name, phones}, tr("，", ", "));
  return text.empty() ? s(tr("未填写", "not filled in")) : text;
}

void contact_fields(std::vector<Form1Field>& out, const std::string& prefix, const Contact& c) {
  out.push_back({prefix + ".name", s(tr("姓名", "Name")), c.name});
  out.push_back({prefix + ".title", s(tr("职务/职称", "Title")), c.title});
  out.push_back({prefix + ".office_phone", s(tr("办公电话", "Office phone")), c.office_phone});
  out.push_back({prefix + ".mobile", s(tr("移动电话", "Mobile")), c.mobile});
}

}  // namespace

std::string none_text() {
  return s(tr("无", "None"));
}
std::string not_measured_text() {
  return s(tr("未测量", "not measured"));
}

std::string contact_label() {
  return s(tr("责任部门联系人", "Contact person"));
}

std::string form1_sheet_name() {
  return s(tr("数据资产清单", "Data assets"));
}

std::string form1_title() {
  return s(tr("市、区属委办局（含直属单位）/国有企业\n互联网上存储的数据资产清单",
              "Municipal and district bureaus (with subordinate units) / state-owned "
              "enterprises\nInventory of data assets stored on the internet"));
}

std::string volume_text(const Measured& measured) {
  if (measured.assets == 0) return not_measured_text();
  return human_size(static_cast<int64_t>(measured.bytes));
}

std::string data_types_text(const Measured& measured) {
  if (measured.assets == 0) return not_measured_text();
  std::vector<std::string> kinds;
  if (measured.business || !measured.personal) kinds.push_back(s(tr("业务数据", "business data")));
  if (measured.personal)
    kinds.push_back(fmt::format("{}{}{}{}", tr("公民个人信息", "personal information"),
                                tr("（", " ("), pii_type_names(measured), tr("）", ")")));
  return joined(kinds, tr("、", "; "));
}

std::string pii_description(const Measured& measured) {
  if (measured.assets == 0)
    return s(tr("是否含公民个人信息：未测量", "personal information: not measured"));
  if (!measured.personal)
    return s(tr("不含公民个人信息", "contains no citizens' personal information"));
  return s(tr("含公民个人信息：", "contains citizens' personal information: ")) +
         pii_type_names(measured);
}

std::string storage_checkboxes(StorageLocation location) {
  // The attachment's boxes; a hosted unit ticks 其他 and says so.
  const StorageLocation boxes[] = {StorageLocation::internet, StorageLocation::private_network,
                                   StorageLocation::internet_and_private, StorageLocation::other};
  std::string out;
  for (StorageLocation box : boxes) {
    const bool ticked =
        box == location || (box == StorageLocation::other && location == StorageLocation::hosted);
    out += (out.empty() ? "" : "  ") + s(ticked ? "☑" : "□") + storage_label(box);
  }
  if (location == StorageLocation::hosted) out += tr("（托管单位）", " (hosting provider)");
  return out;
}

std::vector<Form1Field> form1_fields(const Inventory& inventory) {
  const UnitProfile& p = inventory.profile;
  std::vector<Form1Field> out;
  out.push_back({"unit_name", s(tr("单位名称", "Unit name")), p.unit_name});
  out.push_back({"unit_address", s(tr("单位地址", "Unit address")), p.unit_address});
  out.push_back({"security_department", s(tr("网络安全责任部门", "Cybersecurity department")),
                 p.security_department.name});
  contact_fields(out, "security_contact", p.security_department.contact);
  out.push_back({"protection_department", s(tr("数据保护责任部门", "Data protection department")),
                 p.protection_department.name});
  contact_fields(out, "protection_contact", p.protection_department.contact);
  std::string total = volume_text(inventory.unit_total);
  if (inventory.unit_total.assets > 0)
    total += fmt::format("{}{} {}{}", tr("（实测 ", " (measured: "), inventory.unit_total.assets,
                         tr("个数据资产", "data asset(s)"), tr("）", ")"));
  out.push_back({"total_volume", s(tr("单位数据总量(TB/PB)", "Total data volume (TB/PB)")), total});
  out.push_back(
      {"storage", s(tr("数据存储位置", "Data storage location")), storage_checkboxes(p.storage)});
  out.push_back(
      {"description", s(tr("数据内容描述", "Description of the data")),
       joined({p.data_description, pii_description(inventory.unit_total)}, tr("；", "; "))});
  return out;
}

std::string sources_note(const Inventory& inventory) {
  if (inventory.source_runs.empty())
    return s(tr("数据来源：单位信息文件；未找到实测数据（先运行 paicha pii scan / pii db）",
                "Source: the unit profile; no measurements found (run paicha pii scan / pii db "
                "first)"));
  std::vector<std::string> runs;
  for (int64_t id : inventory.source_runs) runs.push_back(fmt::format("#{}", id));
  return fmt::format("{}{}{}",
                     tr("数据来源：单位信息文件和 paicha 实测（运行 ",
                        "Source: the unit profile and paicha measurements (runs "),
                     joined(runs, tr("、", ", ")), tr("）", ")"));
}

std::string form2_sheet_name() {
  return s(tr("在互联网上存储（含缓存）的重要数据和公民个人信息统计表", "Internet-stored data"));
}

std::string form2_title() {
  return s(tr("在互联网上存储（含缓存）的重要数据和公民个人信息统计表",
              "Important data and citizens' personal information stored (or cached) on the "
              "internet"));
}

std::vector<std::string> form2_headers() {
  return {s(tr("单位名称", "Unit")),
          s(tr("信息系统名称", "Information system")),
          s(tr("包含的数据类型", "Data types")),
          s(tr("数据量(GB/TB/PB)", "Data volume (GB/TB/PB)")),
          s(tr("数据存储位置", "Storage location")),
          s(tr("数据库IP地址", "Database IP address")),
          s(tr("数据库维护单位、联系人及联系方式", "Database maintainer, contact and phone"))};
}

std::vector<std::string> form2_column_keys() {
  return {"unit", "system", "data_types", "volume", "storage", "database_ips", "maintainer"};
}

std::string form2_note() {
  return s(
      tr("注：包含的数据类型：业务数据/公民个人信息；数据存储位置：互联网/互联网和业务专网/"
         "托管单位。",
         "Note: data types: business data / personal information; storage location: "
         "internet / internet and private network / hosting provider."));
}

std::string group_label(int ordinal) {
  if (ordinal == 0) return s(tr("本级", "This unit"));
  return fmt::format("{}{}", tr("直属事业单位", "Subordinate unit "), ordinal);
}

std::vector<std::string> form2_cells(const Inventory& inventory, const Form2Group& group,
                                     const Form2Row& row) {
  std::vector<std::string> cells = {group_label(group.ordinal) + "\n" + group.unit_name};
  if (row.system < 0) {
    cells.resize(7, none_text());
    return cells;
  }
  const InformationSystem& system = inventory.profile.systems[static_cast<size_t>(row.system)];
  cells.push_back(system.name);
  cells.push_back(data_types_text(row.measured));
  cells.push_back(volume_text(row.measured));
  cells.push_back(storage_label(system.storage));
  cells.push_back(row.database_addresses.empty() ? s(tr("未填写", "not filled in"))
                                                 : joined(row.database_addresses, "\n"));
  cells.push_back(maintainer_text(system));
  return cells;
}

}  // namespace paicha::report::forms
