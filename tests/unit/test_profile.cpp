// paicha.yaml: load, validation errors that name the key, and the render/load round trip.
#include <gtest/gtest.h>

#include <string>

#include "core/errors.h"
#include "core/i18n.h"
#include "core/profile.h"

namespace paicha {
namespace {

const char* kGood = R"(
unit:
  name: 北京市朝阳区示例学校
  abbr: bjsl
  address: 北京市朝阳区示例路1号
  storage: 互联网和业务专网
  data_description: 学籍数据、成绩数据
security_department:
  name: 信息中心
  contact: {name: 张三, title: 主任, office_phone: 010-85979246, mobile: "13812345678"}
protection_department:
  name: 办公室
  contact: {name: 李四, title: 副主任, office_phone: 010-85979246-82013, mobile: 13912345678}
subordinates:
  - name: 示例少年宫
    address: 示例路2号
  - 示例体育中心
systems:
  - name: 学籍管理系统
    storage: 互联网
    databases: ["10.0.0.5:3306", "postgresql://app@10.0.0.6/school"]
    paths: /srv/exports
    maintainer: {unit: 某某科技有限公司, name: 王五, mobile: "13700000000"}
  - name: 少年宫报名系统
    unit: 示例少年宫
    storage: hosted
scope:
  targets: [10.0.0.0/24]
  databases: ["mysql://audit@10.0.0.5:3306/"]
)";

std::string error_of(const std::string& yaml) {
  try {
    parse_profile(yaml, "paicha.yaml");
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

TEST(ProfileLoad, ReadsEveryField) {
  const UnitProfile p = parse_profile(kGood, "paicha.yaml");
  EXPECT_EQ(p.unit_name, "北京市朝阳区示例学校");
  EXPECT_EQ(p.unit_abbr, "bjsl");
  EXPECT_EQ(p.storage, StorageLocation::internet_and_private);
  EXPECT_EQ(p.security_department.contact.mobile, "13812345678");
  EXPECT_EQ(p.protection_department.contact.office_phone, "010-85979246-82013");
  ASSERT_EQ(p.subordinates.size(), 2u);
  EXPECT_EQ(p.subordinates[1].name, "示例体育中心");
  ASSERT_EQ(p.systems.size(), 2u);
  EXPECT_EQ(p.systems[0].owner_unit, kOwnUnit);
  EXPECT_EQ(p.systems[0].databases.size(), 2u);
  EXPECT_EQ(p.systems[0].paths, std::vector<std::string>{"/srv/exports"});
  EXPECT_EQ(p.systems[0].maintainer_unit, "某某科技有限公司");
  EXPECT_EQ(p.systems[1].owner_unit, "示例少年宫");
  EXPECT_EQ(p.systems[1].storage, StorageLocation::hosted);
  EXPECT_EQ(p.scope_targets, std::vector<std::string>{"10.0.0.0/24"});
}

TEST(ProfileLoad, BadStorageNamesTheKeyAndTheChoices) {
  set_lang(Lang::en);
  std::string yaml = kGood;
  yaml.replace(yaml.find("storage: hosted"), 15, "storage: 云");
  const std::string error = error_of(yaml);
  EXPECT_NE(error.find("systems[1].storage"), std::string::npos) << error;
  EXPECT_NE(error.find("'云' is not one of 互联网, 业务专网"), std::string::npos) << error;
  set_lang(Lang::zh);
}

TEST(ProfileLoad, CollectsEveryError) {
  std::string yaml = kGood;
  yaml.replace(yaml.find("13812345678"), 11, "1381234567");  // 10 digits
  yaml.replace(yaml.find("010-85979246,"), 12, "85979246");  // no area code
  yaml.replace(yaml.find("  abbr: bjsl"), 12, "  abbr: bjsl\n  colour: red");
  const std::string error = error_of(yaml);
  EXPECT_NE(error.find("security_department.contact.mobile"), std::string::npos) << error;
  EXPECT_NE(error.find("security_department.contact.office_phone"), std::string::npos) << error;
  EXPECT_NE(error.find("unit.colour"), std::string::npos) << error;
  EXPECT_NE(error.find("paicha.yaml:"), std::string::npos) << error;
}

TEST(ProfileLoad, RejectsWrongTypesUnknownUnitsAndPasswords) {
  EXPECT_NE(error_of("unit: [a, b]\n").find("unit:"), std::string::npos);
  EXPECT_NE(
      error_of("unit: {name: x}\nsystems: [{name: s, unit: 不存在}]\n").find("systems[0].unit"),
      std::string::npos);
  EXPECT_NE(error_of("unit: {name: x}\nscope: {databases: ['mysql://root:secret@h/']}\n")
                .find("scope.databases[0]"),
            std::string::npos);
  EXPECT_NE(error_of("unit: {address: x}\n").find("unit.name"), std::string::npos);
  EXPECT_EQ(error_of("unit: {name: x}\n"), "");
}

TEST(ProfileLoad, MissingFileNamesIt) {
  try {
    load_profile("/nonexistent/paicha.yaml");
    FAIL();
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/paicha.yaml"), std::string::npos);
  }
}

TEST(ProfilePhones, OfficeAndMobileFormats) {
  EXPECT_TRUE(is_office_phone("010-85979246"));
  EXPECT_TRUE(is_office_phone("0755-1234567-801"));
  EXPECT_TRUE(is_office_phone("(010)85979246"));
  EXPECT_FALSE(is_office_phone("85979246"));
  EXPECT_FALSE(is_office_phone("13812345678"));
  EXPECT_TRUE(is_mobile_phone("13812345678"));
  EXPECT_FALSE(is_mobile_phone("12812345678"));
  EXPECT_FALSE(is_mobile_phone("1381234567"));
}

TEST(ProfileEndpoints, HostPortAndDsn) {
  DatabaseEndpoint e;
  ASSERT_TRUE(parse_database_endpoint("10.0.0.5:3306", e));
  EXPECT_EQ(e.host, "10.0.0.5");
  EXPECT_EQ(e.port, 3306);
  ASSERT_TRUE(parse_database_endpoint("postgresql://app@db.example:5433/x?sslmode=require", e));
  EXPECT_EQ(e.host, "db.example");
  EXPECT_EQ(e.port, 5433);
  ASSERT_TRUE(parse_database_endpoint("[::1]:6379", e));
  EXPECT_EQ(e.host, "::1");
  ASSERT_TRUE(parse_database_endpoint("10.0.0.7", e));
  EXPECT_EQ(e.port, 0);
  ASSERT_TRUE(parse_database_endpoint("sqlite:///srv/app.db", e));  // local: no host to join
  EXPECT_EQ(e.host, "");
  EXPECT_FALSE(parse_database_endpoint("mysql://root:pw@h:3306/", e));
  EXPECT_FALSE(parse_database_endpoint("h:99999", e));
}

TEST(ProfileRender, RoundTripsAndIsCommented) {
  for (Lang lang : {Lang::zh, Lang::en}) {
    set_lang(lang);
    const UnitProfile original = parse_profile(kGood, "paicha.yaml");
    const std::string yaml = render_profile_yaml(original);
    const UnitProfile again = parse_profile(yaml, "rendered.yaml");
    EXPECT_EQ(again.unit_name, original.unit_name);
    EXPECT_EQ(again.storage, original.storage);
    EXPECT_EQ(again.protection_department.contact.title, "副主任");
    ASSERT_EQ(again.systems.size(), 2u);
    EXPECT_EQ(again.systems[0].databases, original.systems[0].databases);
    EXPECT_EQ(again.systems[0].maintainer.mobile, "13700000000");
    EXPECT_EQ(again.systems[1].storage, StorageLocation::hosted);
    EXPECT_EQ(again.subordinates.size(), 2u);
    EXPECT_NE(yaml.find(lang == Lang::zh ? "# 网络安全责任部门" : "# department responsible"),
              std::string::npos);
    EXPECT_NE(yaml.find("互联网和业务专网 / 托管单位"), std::string::npos);
  }
  set_lang(Lang::zh);
}

TEST(ProfileRender, EmptyProfileHasPlaceholdersAndAnExample) {
  UnitProfile empty;
  const std::string yaml = render_profile_yaml(empty);
  EXPECT_NE(yaml.find("name: \"\""), std::string::npos);
  EXPECT_NE(yaml.find("待填写"), std::string::npos);
  EXPECT_NE(yaml.find("#   - name: \"学籍管理系统\""), std::string::npos) << yaml;
  // Still valid YAML, and the only error is the missing unit name.
  const std::string error = error_of(yaml);
  EXPECT_NE(error.find("unit.name"), std::string::npos) << error;
  EXPECT_EQ(error.find('\n'), std::string::npos) << error;
}

}  // namespace
}  // namespace paicha
