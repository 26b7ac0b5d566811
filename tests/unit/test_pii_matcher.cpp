#include <gtest/gtest.h>

#include <string>

#include "pii/mask.h"
#include "pii/matcher.h"

using namespace paicha::pii;

namespace {

std::vector<std::pair<PiiType, std::string>> find_all(std::string_view text,
                                                      TypeSet types = TypeSet::all()) {
  MatchSession session;
  std::vector<Match> matches;
  session.find(text, types, matches);
  std::vector<std::pair<PiiType, std::string>> out;
  for (auto& m : matches)
    out.emplace_back(m.type, std::string(text.substr(m.begin, m.end - m.begin)));
  return out;
}

using Found = std::vector<std::pair<PiiType, std::string>>;

}  // namespace

TEST(PiiMatcher, IdIsNotAMobileInside) {
  // The ID contains 11-digit runs that look like mobiles (e.g. 13812345678 is not inside, but
  // digits 7..17 are); only the ID counts.
  EXPECT_EQ(find_all("身份证号:11010519491231002X,"),
            (Found{{PiiType::cn_id, "11010519491231002X"}}));
  EXPECT_EQ(find_all("id=110101198001011381234"), Found{});  // 23-digit run: nothing
  EXPECT_EQ(find_all("订单号 213812345678"), Found{});       // 12 digits: not a mobile
  EXPECT_EQ(find_all("手机13812345678。"), (Found{{PiiType::mobile, "13812345678"}}));
  EXPECT_EQ(find_all("ORD13812345678"), Found{});  // letters glued to the digits
}

TEST(PiiMatcher, LookAlikesWithWrongCheckDigitAreNotCounted) {
  EXPECT_EQ(find_all("11010519491231002Y 110105194912310021 6222021234567890127"), Found{});
  EXPECT_EQ(find_all("ts=1700000000123 order=20230101123456789"), Found{});
}

TEST(PiiMatcher, AllTypesInFreeText) {
  std::string text =
      "张三 tel 010-62345678 mobile 138 1234 5678 card 6222 0212 3456 7890 128\n"
      "mail zhang.san@example.com uscc 91350100M000100Y43 passport E12345678 ip 10.1.2.3\n"
      "姓名：李四，地址：北京市朝阳区建国路88号院 password=S3cret! key AKIAIOSFODNN7EXAMPLE\n";
  Found found = find_all(text);
  Found expected = {
      {PiiType::landline, "010-62345678"},
      {PiiType::mobile, "138 1234 5678"},
      {PiiType::bank_card, "6222 0212 3456 7890 128"},
      {PiiType::email, "zhang.san@example.com"},
      {PiiType::uscc, "91350100M000100Y43"},
      {PiiType::passport, "E12345678"},
      {PiiType::ipv4, "10.1.2.3"},
      {PiiType::name, "李四"},
      {PiiType::address, "北京市朝阳区建国路88号院"},
      {PiiType::password, "S3cret!"},
      {PiiType::secret, "AKIAIOSFODNN7EXAMPLE"},
  };
  EXPECT_EQ(found, expected);
}

TEST(PiiMatcher, TypeFilter) {
  auto found = find_all("13812345678 a@b.cn", TypeSet::of({PiiType::email}));
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].first, PiiType::email);
}

TEST(PiiMatcher, JsonKeysAndHashes) {
  Found found = find_all(
      R"({"name": "王小明", "pwd": "hunter22", "hash": "*6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9", "password": "${PW}"})");
  Found expected = {{PiiType::name, "王小明"},
                    {PiiType::password, "hunter22"},
                    {PiiType::password, "*6BB4837EB74329105EE4568DDA7DC67ED2CA2AD9"}};
  EXPECT_EQ(found, expected);
}

TEST(PiiMatcher, PrivateKeyNeedsBody) {
  std::string key =
      "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA1234567890abcdef\n-----END RSA PRIVATE "
      "KEY-----";
  auto found = find_all(key);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].second, key);
  EXPECT_EQ(find_all(mask_value(PiiType::secret, key)), Found{});
}

TEST(PiiMask, Formats) {
  EXPECT_EQ(mask_value(PiiType::cn_id, "11010519491231002X"), "110105********002X");
  EXPECT_EQ(mask_value(PiiType::mobile, "13812345678"), "138****5678");
  EXPECT_EQ(mask_value(PiiType::mobile, "+86 138-1234-5678"), "+86 138-****-5678");
  EXPECT_EQ(masked_sample(PiiType::bank_card, "6222021234560342"), "6222 **** **** 0342");
  EXPECT_EQ(mask_value(PiiType::bank_card, "6222 0212 3456 0342"), "6222 **** **** 0342");
  EXPECT_EQ(mask_value(PiiType::email, "zhang@example.com"), "z****@example.com");
  EXPECT_EQ(mask_value(PiiType::name, "欧阳修"), "欧**");
  EXPECT_EQ(mask_value(PiiType::ipv4, "10.1.2.3"), "10.1.*.*");
  EXPECT_EQ(mask_value(PiiType::password, "hunter2"), "******");
}

TEST(PiiMask, RoundTripFindsNothing) {
  std::string text =
      "11010519491231002X 13812345678 138-1234-5678 010-62345678 6222 0212 3456 7890 128 "
      "6222021234567890128 zhang.san@example.com 91350100M000100Y43 E12345678 10.1.2.3\n"
      "姓名：李四，地址：北京市朝阳区建国路88号院 password=S3cret! AKIAIOSFODNN7EXAMPLE\n";
  MatchSession session;
  std::vector<Match> matches;
  session.find(text, TypeSet::all(), matches);
  EXPECT_EQ(matches.size(), 14u);
  std::string masked;
  size_t pos = 0;
  for (auto& m : matches) {
    masked += text.substr(pos, m.begin - pos);
    masked += mask_value(m.type, std::string_view(text).substr(m.begin, m.end - m.begin));
    pos = m.end;
  }
  masked += text.substr(pos);
  std::vector<Match> again;
  session.find(masked, TypeSet::all(), again);
  EXPECT_TRUE(again.empty()) << masked;
}
