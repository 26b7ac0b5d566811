#include "core/version.h"

#include <gtest/gtest.h>

namespace paicha {
namespace {

int cmp(const char* a, const char* b) {
  return compare_versions(a, b);
}

TEST(Version, ParsesBannerVersionsAndKeepsTheSuffix) {
  auto v = Version::parse("10.11.6-MariaDB-0+deb12u1");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->text(), "10.11.6");
  EXPECT_EQ(v->suffix(), "-MariaDB-0+deb12u1");
  EXPECT_EQ(v->numbers(), (std::vector<uint64_t>{10, 11, 6}));

  v = Version::parse("5.5.5-10.11.6-MariaDB");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->text(), "10.11.6");

  v = Version::parse("9.2p1 Debian-2+deb12u3");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->text(), "9.2p1");
  EXPECT_EQ(v->suffix(), " Debian-2+deb12u3");
  EXPECT_EQ(v->numbers(), (std::vector<uint64_t>{9, 2}));

  v = Version::parse("v8.0.4");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->text(), "8.0.4");

  v = Version::parse("15.4 (Debian 15.4-2.pgdg120+1)");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->text(), "15.4");

  v = Version::parse("8.0.36-0ubuntu0.22.04.1");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->text(), "8.0.36");

  v = Version::parse("7.0.0-rc1");
  ASSERT_TRUE(v);
  EXPECT_EQ(v->text(), "7.0.0-rc1");
}

TEST(Version, RejectsTextWithoutALeadingDigit) {
  EXPECT_FALSE(Version::parse(""));
  EXPECT_FALSE(Version::parse("MariaDB"));
  EXPECT_FALSE(Version::parse("-1.0"));
  EXPECT_FALSE(Version::parse("v"));
}

TEST(Version, NumericPartsCompareAsNumbers) {
  EXPECT_LT(cmp("15.4", "15.10"), 0);
  EXPECT_LT(cmp("7.0.15", "7.2.0"), 0);
  EXPECT_GT(cmp("10.11.6", "10.6.20"), 0);
  EXPECT_EQ(cmp("15.4", "15.4.0"), 0);
  EXPECT_LT(cmp("6.0.5", "6.0.16"), 0);
  EXPECT_GT(cmp("1.4.33", "1.4.4"), 0);
}

TEST(Version, OpenSshPortableRevisions) {
  EXPECT_LT(cmp("9.2p1", "9.2p2"), 0);
  EXPECT_LT(cmp("9.7p1", "9.8p1"), 0);
  EXPECT_LT(cmp("8.4p1", "8.5p1"), 0);
  EXPECT_LT(cmp("9.8", "9.8p1"), 0);
  EXPECT_LT(cmp("9.8p1", "9.9"), 0);
  EXPECT_GT(cmp("9.3p2", "9.3p1"), 0);
}

TEST(Version, LetterRevisionsAndPreReleases) {
  EXPECT_LT(cmp("1.3.5", "1.3.5a"), 0);
  EXPECT_LT(cmp("1.3.5a", "1.3.5b"), 0);
  EXPECT_LT(cmp("1.3.5b", "1.3.5e"), 0);
  EXPECT_LT(cmp("1.3.5e", "1.3.6"), 0);
  EXPECT_LT(cmp("1.3.6rc1", "1.3.6"), 0);
  EXPECT_LT(cmp("1.3.6rc1", "1.3.6rc2"), 0);
  EXPECT_LT(cmp("1.3.6alpha", "1.3.6beta"), 0);
  EXPECT_LT(cmp("7.0.0-rc1", "7.0.0"), 0);
  EXPECT_GT(cmp("7.0.0-rc1", "6.2.14"), 0);
  EXPECT_LT(cmp("1.3.5b", "1.3.5.1"), 0);
}

TEST(Version, ComparisonIsConsistentBothWays) {
  const char* samples[] = {"1",     "1.0", "1.0rc1",  "1.0a",  "1.0.1",
                           "9.2p1", "9.8", "10.11.6", "1.3.5b"};
  for (const char* a : samples) {
    EXPECT_EQ(cmp(a, a), 0) << a;
    for (const char* b : samples) EXPECT_EQ(cmp(a, b), -cmp(b, a)) << a << " vs " << b;
  }
}

TEST(Version, BranchMembership) {
  const auto v = *Version::parse("10.11.6-MariaDB");
  EXPECT_TRUE(v.in_branch(*Version::parse("10.11")));
  EXPECT_TRUE(v.in_branch(*Version::parse("10")));
  EXPECT_FALSE(v.in_branch(*Version::parse("10.1")));
  EXPECT_FALSE(v.in_branch(*Version::parse("10.11.6.1")));
  EXPECT_TRUE(Version::parse("5.7.44-log")->in_branch(*Version::parse("5.7")));
}

TEST(Version, UnparsableSortsFirst) {
  EXPECT_LT(cmp("garbage", "0.1"), 0);
  EXPECT_GT(cmp("0.1", "garbage"), 0);
  EXPECT_EQ(cmp("x", "y"), 0);
}

TEST(Version, HugeNumbersDoNotOverflow) {
  const auto v = Version::parse("99999999999999999999999999.1");
  ASSERT_TRUE(v);
  EXPECT_GT(cmp("99999999999999999999999999.1", "1.1"), 0);
}

}  // namespace
}  // namespace paicha
