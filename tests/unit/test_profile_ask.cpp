// `paicha init` on a terminal: the questions, defaults in brackets, and re-asking on bad input.
#include <gtest/gtest.h>

#include <sstream>

#include "app/init_interactive.h"
#include "core/i18n.h"
#include "core/profile.h"

namespace paicha::app {
namespace {

TEST(ProfileAsk, AnswersFillTheProfileAndBadValuesAreAskedAgain) {
  set_lang(Lang::zh);
  std::istringstream in(
      "示例中学\nslzx\n示例路9号\n云\n互联网\n学籍数据\n\n王一\n主任\n85979246\n010-85979246\n"
      "13812345678\n办公室\n李二\n\n\n139123456\n13912345678\n少年宫\n招生系统\n托管单位\n少年宫\n"
      "10.0.0.5:3306\n\n某云\n钱七\n\n13600000000\n\n10.0.0.0/24\n\n");
  std::ostringstream out;
  UnitProfile p;
  ask_profile(p, in, out);
  EXPECT_EQ(p.unit_name, "示例中学");
  EXPECT_EQ(p.storage, StorageLocation::internet);    // "云" was refused, then asked again
  EXPECT_EQ(p.security_department.name, "信息中心");  // the default in brackets
  EXPECT_EQ(p.security_department.contact.office_phone, "010-85979246");
  EXPECT_EQ(p.protection_department.contact.mobile, "13912345678");
  ASSERT_EQ(p.subordinates.size(), 1u);
  ASSERT_EQ(p.systems.size(), 1u);
  EXPECT_EQ(p.systems[0].owner_unit, "少年宫");
  EXPECT_EQ(p.systems[0].storage, StorageLocation::hosted);
  EXPECT_EQ(p.systems[0].databases, std::vector<std::string>{"10.0.0.5:3306"});
  EXPECT_EQ(p.scope_targets, std::vector<std::string>{"10.0.0.0/24"});
  const std::string prompts = out.str();
  EXPECT_NE(prompts.find("网络安全责任部门 [信息中心]"), std::string::npos);
  EXPECT_NE(prompts.find("请填写：互联网 / 业务专网"), std::string::npos);
  EXPECT_NE(prompts.find("11 位手机号码"), std::string::npos);
  // The result is a valid profile.
  EXPECT_NO_THROW(parse_profile(render_profile_yaml(p), "asked.yaml"));
}

TEST(ProfileAsk, EndOfInputKeepsTheDefaultsWithoutBlocking) {
  set_lang(Lang::en);
  UnitProfile p;
  p.unit_name = "Kept";
  std::istringstream in("");
  std::ostringstream out;
  ask_profile(p, in, out);
  EXPECT_EQ(p.unit_name, "Kept");
  EXPECT_TRUE(p.systems.empty());
  EXPECT_NE(out.str().find("unit name [Kept]"), std::string::npos);
  set_lang(Lang::zh);
}

TEST(ProfileAsk, SplitListTakesChineseCommas) {
  EXPECT_EQ(split_list("a, b，c,,"), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_TRUE(split_list("  ").empty());
}

}  // namespace
}  // namespace paicha::app
