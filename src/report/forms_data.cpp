#include "report/forms_data.h"

#include <nlohmann/json.hpp>

#include "core/i18n.h"
#include "report/forms_text.h"
#include "report/run_document.h"

namespace paicha::report {

std::string forms_to_json(const Inventory& inventory) {
  nlohmann::ordered_json doc;
  doc["tool"] = "paicha";
  doc["version"] = PAICHA_VERSION;
  doc["source_runs"] = inventory.source_runs;
  doc["measured"] = {{"data_assets", inventory.unit_total.assets},
                     {"bytes", inventory.unit_total.bytes},
                     {"personal_information", inventory.unit_total.personal},
                     {"pii_types", inventory.unit_total.pii_types}};
  auto& form1 = doc["form1"];
  form1["title"] = forms::form1_title();
  form1["fields"] = nlohmann::ordered_json::array();
  for (const auto& field : forms::form1_fields(inventory))
    form1["fields"].push_back({{"key", field.key}, {"label", field.label}, {"value", field.value}});

  auto& form2 = doc["form2"];
  form2["title"] = forms::form2_title();
  const auto keys = forms::form2_column_keys();
  const auto headers = forms::form2_headers();
  form2["columns"] = nlohmann::ordered_json::array();
  for (size_t c = 0; c < keys.size(); ++c)
    form2["columns"].push_back({{"key", keys[c]}, {"label", headers[c]}});
  form2["groups"] = nlohmann::ordered_json::array();
  for (const auto& group : inventory.groups) {
    nlohmann::ordered_json g = {{"group", forms::group_label(group.ordinal)},
                                {"unit", group.unit_name},
                                {"rows", nlohmann::ordered_json::array()}};
    for (const auto& row : group.rows) {
      const auto cells = forms::form2_cells(inventory, group, row);
      nlohmann::ordered_json r;
      r["declared"] = row.system >= 0;  // false: the "无" row of a unit with nothing to declare
      for (size_t c = 1; c < keys.size(); ++c) r[keys[c]] = cells[c];
      r["bytes"] = row.measured.assets ? nlohmann::ordered_json(row.measured.bytes) : nullptr;
      r["pii_types"] = row.measured.pii_types;
      r["database_addresses"] = row.database_addresses;
      g["rows"].push_back(std::move(r));
    }
    form2["groups"].push_back(std::move(g));
  }
  form2["note"] = forms::form2_note();
  return doc.dump(2) + "\n";
}

std::string form2_to_csv(const Inventory& inventory) {
  const auto headers = forms::form2_headers();
  std::string out = csv_field(tr("分组", "group"));
  for (const auto& h : headers) out += "," + csv_field(h);
  out += "\r\n";
  for (const auto& group : inventory.groups) {
    for (const auto& row : group.rows) {
      auto cells = forms::form2_cells(inventory, group, row);
      cells[0] = group.unit_name;  // the group has its own column here
      out += csv_field(forms::group_label(group.ordinal));
      for (const auto& cell : cells) out += "," + csv_field(cell);
      out += "\r\n";
    }
  }
  return out;
}

}  // namespace paicha::report
