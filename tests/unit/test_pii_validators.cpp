#include <gtest/gtest.h>

#include "pii/tables.h"
#include "pii/validators.h"

using namespace paicha::pii;

TEST(PiiCnId, StandardExampleAndChecksums) {
  EXPECT_TRUE(valid_cn_id("11010519491231002X"));  // GB 11643 worked example
  EXPECT_TRUE(valid_cn_id("11010519491231002x"));
  EXPECT_FALSE(valid_cn_id("110105194912310021"));  // wrong check character
  EXPECT_FALSE(valid_cn_id("110105194912310028"));
  // Computed with python-stdnum (independent implementation).
  EXPECT_TRUE(valid_cn_id("210682198602091206"));
  EXPECT_TRUE(valid_cn_id("440118199808166671"));
  EXPECT_TRUE(valid_cn_id("37148220000404499X"));
  EXPECT_FALSE(valid_cn_id("440118199808166672"));
}

TEST(PiiCnId, RegionAndDate) {
  // Valid MOD 11-2 check characters, but region 000000 and a 13th month.
  EXPECT_FALSE(valid_cn_id("000000194912310027"));
  EXPECT_FALSE(valid_cn_id("110105194913310021"));
  EXPECT_FALSE(valid_cn_id("110105209912310029"));  // born in the future
  EXPECT_TRUE(valid_cn_id("110105491231002"));      // legacy 15 digits
  EXPECT_FALSE(valid_cn_id("110105491331002"));
  EXPECT_FALSE(valid_cn_id("990105491231002"));
  EXPECT_FALSE(valid_cn_id("1101051949123100"));
}

TEST(PiiMobile, Prefixes) {
  EXPECT_TRUE(valid_mobile("13812345678"));
  EXPECT_TRUE(valid_mobile("19912345678"));
  EXPECT_TRUE(valid_mobile("138-1234-5678"));
  EXPECT_TRUE(valid_mobile("+8613812345678"));
  EXPECT_FALSE(valid_mobile("15412345678"));  // 154 is not allocated
  EXPECT_FALSE(valid_mobile("12812345678"));
  EXPECT_FALSE(valid_mobile("1381234567"));
}

TEST(PiiLandline, AreaCodes) {
  EXPECT_TRUE(valid_landline("010-62345678"));
  EXPECT_TRUE(valid_landline("(021)52345678"));
  EXPECT_TRUE(valid_landline("0755-2345678"));
  EXPECT_FALSE(valid_landline("010-1234567"));   // number starts with 1, and too short
  EXPECT_FALSE(valid_landline("011-62345678"));  // no such area code
  EXPECT_FALSE(valid_landline("0755-123456789"));
}

TEST(PiiBankCard, LuhnAndBin) {
  EXPECT_TRUE(valid_bank_card("6222021234567890128"));
  EXPECT_TRUE(valid_bank_card("6222 0212 3456 7890 128"));
  EXPECT_TRUE(valid_bank_card("622848123456789012"));
  EXPECT_FALSE(valid_bank_card("6222021234567890127"));  // Luhn fails
  // Luhn-valid but no known issuer prefix.
  EXPECT_FALSE(valid_bank_card("1234567890123452"));
  EXPECT_TRUE(luhn_ok("79927398713"));
  EXPECT_FALSE(luhn_ok("79927398710"));
}

TEST(PiiUscc, StandardExamples) {
  EXPECT_TRUE(valid_uscc("91350100M000100Y43"));  // GB 32100 example
  EXPECT_TRUE(valid_uscc("91310000775785552L"));
  EXPECT_TRUE(valid_uscc("91440300708461136T"));
  EXPECT_FALSE(valid_uscc("91350100M000100Y44"));
  EXPECT_FALSE(valid_uscc("91350100M000100Y4"));
  EXPECT_FALSE(valid_uscc("91350100I000100Y43"));  // I is not in the alphabet
}

TEST(PiiEmail, Shapes) {
  EXPECT_TRUE(valid_email("zhang.san@example.com.cn"));
  EXPECT_TRUE(valid_email("a+b@qq.com"));
  EXPECT_FALSE(valid_email("a..b@qq.com"));
  EXPECT_FALSE(valid_email("ab@localhost"));
  EXPECT_FALSE(valid_email("ab@example.c0m"));
  EXPECT_FALSE(valid_email("@example.com"));
}

TEST(PiiPassportIpv4, Shapes) {
  EXPECT_TRUE(valid_passport("E12345678"));
  EXPECT_TRUE(valid_passport("EA1234567"));
  EXPECT_TRUE(valid_passport("G12345678"));
  EXPECT_FALSE(valid_passport("E00000000"));
  EXPECT_FALSE(valid_passport("EI1234567"));
  EXPECT_TRUE(valid_ipv4("192.168.1.10"));
  EXPECT_FALSE(valid_ipv4("192.168.1.256"));
  EXPECT_FALSE(valid_ipv4("192.168.01.1"));
  EXPECT_FALSE(valid_ipv4("1.2.3"));
}

TEST(PiiNameAddress, Structure) {
  EXPECT_TRUE(valid_name("张三"));
  EXPECT_TRUE(valid_name("欧阳修文"));
  EXPECT_FALSE(valid_name("欧阳"));
  EXPECT_FALSE(valid_name("张"));
  EXPECT_FALSE(valid_name("测试用户"));  // 测 is not a surname
  EXPECT_FALSE(valid_name("Zhang"));
  EXPECT_TRUE(valid_address("北京市朝阳区建国路88号", true));
  EXPECT_TRUE(valid_address("广东省深圳市南山区科技园路1号", true));
  EXPECT_TRUE(valid_address("朝阳区建国路88号", false));
  EXPECT_FALSE(valid_address("朝阳区建国路88号", true));
  EXPECT_FALSE(valid_address("北京市教育委员会", true));
  EXPECT_FALSE(valid_address("上海市浦东新区", true));
}

TEST(PiiPasswordSecret, Values) {
  EXPECT_TRUE(valid_password_value("Passw0rd!"));
  EXPECT_FALSE(valid_password_value("******"));
  EXPECT_FALSE(valid_password_value("${DB_PASSWORD}"));
  EXPECT_FALSE(valid_password_value(""));
  EXPECT_TRUE(is_password_hash("*6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9"));
  EXPECT_TRUE(is_password_hash("md5f0b8b3bd6a9b3e3e2f0e7e0c6a1b2c3d"));
  EXPECT_FALSE(is_password_hash("*6BB4837EB74329105EE4568DDA7DC67ED2CA2AD"));
  EXPECT_TRUE(valid_secret_value("AKIAIOSFODNN7EXAMPLE"));
  EXPECT_FALSE(valid_secret_value("AKIA****************"));
}

TEST(PiiTables, Lookups) {
  EXPECT_TRUE(is_region_code(110105));
  EXPECT_FALSE(is_region_code(110100));
  EXPECT_TRUE(has_known_bin("622202"));
  EXPECT_FALSE(has_known_bin("123456"));
  EXPECT_TRUE(is_mobile_prefix(138));
  EXPECT_FALSE(is_mobile_prefix(154));
  EXPECT_EQ(surname_prefix_length("欧阳修"), 6u);
  EXPECT_EQ(surname_prefix_length("张三"), 3u);
  EXPECT_EQ(surname_prefix_length("测试"), 0u);
}
