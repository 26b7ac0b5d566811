// The inventory model behind the two forms: joining data assets to systems, volumes, row
// groups, "无" rows, and the cell texts.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "core/i18n.h"
#include "core/profile.h"
#include "report/forms_data.h"
#include "report/forms_model.h"
#include "report/forms_text.h"

namespace paicha::report {
namespace {

UnitProfile sample_profile() {
  return parse_profile(R"(
unit: {name: 示例学校, storage: 互联网和业务专网, data_description: 学籍数据}
subordinates: [示例少年宫, 示例体育中心]
systems:
  - name: 学籍系统
    storage: 互联网
    databases: ["10.0.0.5:3306", "10.0.0.9"]
    maintainer: {unit: 某某科技, name: 王五, mobile: "13700000000"}
  - name: 内网财务
    storage: 业务专网
    databases: ["10.0.0.7:5432"]
  - name: 报名系统
    unit: 示例少年宫
    storage: 托管单位
    paths: [/srv/signup]
)",
                       "test.yaml");
}

store::DataAsset table(const std::string& host, uint16_t port, uint64_t bytes,
                       std::map<std::string, uint64_t> counts) {
  store::DataAsset a;
  a.kind = "table";
  a.host = host;
  a.port = port;
  a.bytes = bytes;
  a.counts = std::move(counts);
  a.sensitivity = store::sensitivity_of(a.counts);
  a.category = a.sensitivity.empty() ? "business" : "personal";
  return a;
}

store::DataAsset file(const std::string& path, uint64_t bytes,
                      std::map<std::string, uint64_t> counts) {
  store::DataAsset a = table("", 0, bytes, std::move(counts));
  a.kind = "file";
  a.location = path;
  return a;
}

TEST(FormsModel, JoinsTablesFilesAndAuditServicesToSystems) {
  set_lang(Lang::zh);
  const std::vector<store::DataAsset> data = {
      table("10.0.0.5", 3306, 3 << 20, {{"cn_id", 5}, {"mobile", 2}}),
      table("10.0.0.5", 3306, 1 << 20, {}),
      table("10.0.0.5", 3307, 7 << 20, {}),  // another port: not this system's database
      table("10.0.0.7", 5432, 9 << 20, {}),
      file("/srv/signup/a.csv", 2048, {{"mobile", 1}}),
      file("/srv/signupx/b.csv", 4096, {}),  // a sibling folder, not inside /srv/signup
  };
  Asset redis;
  redis.host = "10.0.0.9";
  redis.port = 6379;
  const Inventory inv = build_inventory(sample_profile(), data, {redis}, {4, 5});

  EXPECT_EQ(inv.unit_total.assets, 6u);
  EXPECT_EQ(inv.unit_total.bytes, (3u << 20) + (1u << 20) + (7u << 20) + (9u << 20) + 2048 + 4096);
  EXPECT_EQ(inv.unit_total.pii_types, (std::vector<std::string>{"cn_id", "mobile"}));

  ASSERT_EQ(inv.groups.size(), 3u);
  const Form2Group& own = inv.groups[0];
  ASSERT_EQ(own.rows.size(), 1u);  // the private-network system is not on Form 2
  const Form2Row& row = own.rows[0];
  EXPECT_EQ(row.system, 0);
  EXPECT_EQ(row.measured.bytes, 4u << 20);
  EXPECT_TRUE(row.measured.personal);
  EXPECT_TRUE(row.measured.business);
  EXPECT_EQ(row.database_addresses, (std::vector<std::string>{"10.0.0.5:3306", "10.0.0.9:6379"}));

  const auto cells = forms::form2_cells(inv, own, row);
  ASSERT_EQ(cells.size(), 7u);
  EXPECT_EQ(cells[0], "本级\n示例学校");
  EXPECT_EQ(cells[2], "业务数据、公民个人信息（身份证号、手机号）");
  EXPECT_EQ(cells[3], "4.0 MB");
  EXPECT_EQ(cells[4], "互联网");
  EXPECT_EQ(cells[6], "某某科技，王五，13700000000");

  const Form2Group& palace = inv.groups[1];
  EXPECT_EQ(palace.unit_name, "示例少年宫");
  ASSERT_EQ(palace.rows.size(), 1u);
  EXPECT_EQ(palace.rows[0].measured.bytes, 2048u);
  EXPECT_EQ(forms::form2_cells(inv, palace, palace.rows[0])[2], "公民个人信息（手机号）");
  EXPECT_EQ(forms::group_label(palace.ordinal), "直属事业单位1");
}

TEST(FormsModel, UnitWithoutInternetSystemsGetsANoneRow) {
  set_lang(Lang::zh);
  const Inventory inv = build_inventory(sample_profile(), {}, {});
  const Form2Group& sports = inv.groups[2];
  ASSERT_EQ(sports.rows.size(), 1u);
  EXPECT_EQ(sports.rows[0].system, -1);
  const auto cells = forms::form2_cells(inv, sports, sports.rows[0]);
  EXPECT_EQ(cells[0], "直属事业单位2\n示例体育中心");
  for (size_t c = 1; c < cells.size(); ++c) EXPECT_EQ(cells[c], "无") << c;
}

TEST(FormsModel, UnmeasuredSystemsSaySoInsteadOfInventingNumbers) {
  set_lang(Lang::zh);
  const Inventory inv = build_inventory(sample_profile(), {}, {});
  const auto cells = forms::form2_cells(inv, inv.groups[0], inv.groups[0].rows[0]);
  EXPECT_EQ(cells[2], "未测量");
  EXPECT_EQ(cells[3], "未测量");
  EXPECT_EQ(cells[5], "10.0.0.5:3306\n10.0.0.9");  // declared addresses still listed
  bool found = false;
  for (const auto& f : forms::form1_fields(inv)) {
    if (f.key == "total_volume") {
      EXPECT_EQ(f.value, "未测量");
    }
    if (f.key == "description") {
      EXPECT_EQ(f.value, "学籍数据；是否含公民个人信息：未测量");
      found = true;
    }
  }
  EXPECT_TRUE(found);
}

TEST(FormsModel, Form1TotalsDescriptionAndStorageBoxes) {
  set_lang(Lang::zh);
  const Inventory inv = build_inventory(
      sample_profile(), {table("10.0.0.7", 5432, uint64_t{3} << 40, {{"bank_card", 1}})}, {}, {9});
  std::map<std::string, std::string> v;
  for (const auto& f : forms::form1_fields(inv)) v[f.key] = f.value;
  EXPECT_EQ(v["unit_name"], "示例学校");
  EXPECT_EQ(v["total_volume"], "3.0 TB（实测 1 个数据资产）");
  EXPECT_EQ(v["description"], "学籍数据；含公民个人信息：银行卡号");
  EXPECT_EQ(v["storage"], "□互联网  □业务专网  ☑互联网和业务专网  □其他");
  EXPECT_EQ(forms::storage_checkboxes(StorageLocation::hosted),
            "□互联网  □业务专网  □互联网和业务专网  ☑其他（托管单位）");

  const Inventory clean =
      build_inventory(sample_profile(), {table("10.0.0.7", 5432, 100, {})}, {}, {9});
  EXPECT_EQ(forms::pii_description(clean.unit_total), "不含公民个人信息");
}

TEST(FormsModel, EnglishLabelsKeepTheStructure) {
  set_lang(Lang::en);
  const Inventory inv = build_inventory(sample_profile(), {}, {});
  const auto cells = forms::form2_cells(inv, inv.groups[2], inv.groups[2].rows[0]);
  EXPECT_EQ(cells[1], "None");
  EXPECT_EQ(forms::form2_headers().size(), 7u);
  EXPECT_EQ(forms::group_label(0), "This unit");
  set_lang(Lang::zh);
}

TEST(FormsData, JsonAndCsvCarryBothFormsAndTheNoneRows) {
  set_lang(Lang::zh);
  const Inventory inv =
      build_inventory(sample_profile(), {table("10.0.0.5", 3306, 10, {})}, {}, {3});
  const auto doc = nlohmann::json::parse(forms_to_json(inv));
  EXPECT_EQ(doc["source_runs"], nlohmann::json::array({3}));
  EXPECT_EQ(doc["form2"]["columns"].size(), 7u);
  EXPECT_EQ(doc["form2"]["groups"][0]["rows"][0]["bytes"], 10);
  EXPECT_EQ(doc["form2"]["groups"][2]["rows"][0]["declared"], false);
  EXPECT_EQ(doc["form1"]["fields"][0]["label"], "单位名称");

  const std::string csv = form2_to_csv(inv);
  EXPECT_NE(csv.find("分组,单位名称,信息系统名称"), std::string::npos) << csv;
  EXPECT_NE(csv.find("直属事业单位2,示例体育中心,无,无,无,无,无,无"), std::string::npos) << csv;
}

}  // namespace
}  // namespace paicha::report
