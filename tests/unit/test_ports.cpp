#include "core/ports.h"

#include <gtest/gtest.h>

#include "core/errors.h"
#include "core/i18n.h"

namespace paicha {
namespace {

std::string usage_error_of(std::string_view spec) {
  try {
    PortSet::parse(spec);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

TEST(PortSet, ParsesListsAndRanges) {
  EXPECT_EQ(PortSet::parse("6379,3306").ports(), (std::vector<uint16_t>{3306, 6379}));
  PortSet range = PortSet::parse("1-1024");
  EXPECT_EQ(range.size(), 1024u);
  EXPECT_EQ(range.ports().front(), 1);
  EXPECT_EQ(range.ports().back(), 1024);
  EXPECT_EQ(PortSet::parse(" 80 , 443 ,80").ports(), (std::vector<uint16_t>{80, 443}));
  EXPECT_EQ(PortSet::parse("65535").ports(), (std::vector<uint16_t>{65535}));
}

TEST(PortSet, DashAloneMeansAllPorts) {
  PortSet all = PortSet::parse("-");
  EXPECT_EQ(all.size(), 65535u);
  EXPECT_EQ(all.spec(), "1-65535");
  EXPECT_EQ(PortSet::parse("-3").spec(), "1-3");
  EXPECT_EQ(PortSet::parse("65530-").spec(), "65530-65535");
}

TEST(PortSet, ProfilesContainTheDataServices) {
  PortSet db = PortSet::parse("db");
  for (uint16_t port :
       {21,   22,   23,   80,    443,   1433,  1521,  2181,  2379,  3306, 3307, 5432,
        5433, 5984, 6379, 6380,  7000,  7001,  8080,  8086,  8123,  8443, 9000, 9042,
        9092, 9200, 9300, 11211, 26257, 27017, 27018, 28017, 50000, 554,  8554, 5000}) {
    EXPECT_TRUE(db.contains(port)) << port;
  }
  EXPECT_FALSE(db.contains(1434)) << "UDP-only SQL Browser must stay out";
  PortSet top = PortSet::parse("top100");
  EXPECT_EQ(top.size(), 100u);
  EXPECT_TRUE(top.contains(22));
  EXPECT_TRUE(top.contains(3389));
}

TEST(PortSet, MixesProfilesAndNumbers) {
  PortSet db = PortSet::parse("db");
  PortSet mixed = PortSet::parse("db,8080,12345");
  EXPECT_EQ(mixed.size(), db.size() + 1) << "8080 is already in db";
  EXPECT_TRUE(mixed.contains(12345));
}

TEST(PortSet, PortsAreUniqueAndAscending) {
  PortSet set = PortSet::parse("9000,1-5,3,top100,db");
  for (size_t i = 1; i < set.ports().size(); ++i) {
    EXPECT_LT(set.ports()[i - 1], set.ports()[i]);
  }
  EXPECT_LE(set.size(), 65535u);
}

TEST(PortSet, SpecFoldsRuns) {
  EXPECT_EQ(PortSet::parse("80,21,22,23,443,444").spec(), "21-23,80,443-444");
  EXPECT_EQ(PortSet::of({5, 0, 3, 4, 5}).spec(), "3-5");
  EXPECT_EQ(PortSet::parse(PortSet::parse("db").spec()).ports(), PortSet::parse("db").ports());
}

TEST(PortSet, ErrorsNameTheBadItem) {
  set_lang(Lang::en);
  std::string out_of_range = usage_error_of("80,70000");
  EXPECT_NE(out_of_range.find("\"70000\""), std::string::npos) << out_of_range;
  EXPECT_NE(out_of_range.find("1-65535"), std::string::npos) << out_of_range;
  EXPECT_NE(usage_error_of("0").find("\"0\""), std::string::npos);
  EXPECT_NE(usage_error_of("80,abc").find("\"abc\""), std::string::npos);
  EXPECT_NE(usage_error_of("dbx").find("unknown profile"), std::string::npos);
  EXPECT_NE(usage_error_of("100-10").find("\"100-10\""), std::string::npos);
  EXPECT_NE(usage_error_of("1-x").find("\"1-x\""), std::string::npos);
  EXPECT_NE(usage_error_of("U:53").find("TCP"), std::string::npos);
  EXPECT_FALSE(usage_error_of("").empty());
  EXPECT_FALSE(usage_error_of(",").empty());
  set_lang(Lang::zh);
  std::string zh = usage_error_of("80,99999");
  EXPECT_NE(zh.find("端口列表"), std::string::npos) << zh;
  EXPECT_NE(zh.find("\"99999\""), std::string::npos) << zh;
}

}  // namespace
}  // namespace paicha
