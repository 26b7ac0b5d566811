#include "core/targets.h"

#include <gtest/gtest.h>

#include <limits>
#include <random>
#include <set>

#include "core/errors.h"
#include "core/i18n.h"

namespace paicha {
namespace {

const std::string kDir = std::string(PAICHA_TEST_DATA_DIR) + "/import/";

std::vector<std::string> hosts_of(const TargetSet& set, uint64_t skip = 0, size_t limit = 100000) {
  std::vector<std::string> out;
  auto cursor = set.begin(skip);
  uint64_t expected_index = skip;
  while (out.size() < limit) {
    auto host = cursor.next();
    if (!host) break;
    EXPECT_EQ(host->index, expected_index++);
    out.push_back(host->addr.to_string());
  }
  return out;
}

TargetSet targets(std::vector<std::string> tokens, std::vector<std::string> exclusions = {}) {
  TargetSet set;
  set.add_tokens(tokens);
  if (!exclusions.empty()) set.exclude_tokens(exclusions);
  return set;
}

std::string usage_error_of(const std::vector<std::string>& tokens, bool exclusion = false) {
  try {
    TargetSet set;
    exclusion ? set.exclude_tokens(tokens) : set.add_tokens(tokens);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "";
}

class Targets : public ::testing::Test {
 protected:
  void SetUp() override { set_lang(Lang::en); }
  void TearDown() override { set_lang(Lang::zh); }
};

TEST_F(Targets, SingleAddresses) {
  EXPECT_EQ(hosts_of(targets({"10.0.0.1", "::1", "[2001:db8::1]", "::ffff:10.0.0.1"})),
            (std::vector<std::string>{"10.0.0.1", "::1", "2001:db8::1", "::ffff:10.0.0.1"}));
}

TEST_F(Targets, Cidr) {
  EXPECT_EQ(hosts_of(targets({"10.0.0.5/30"})),
            (std::vector<std::string>{"10.0.0.4", "10.0.0.5", "10.0.0.6", "10.0.0.7"}))
      << "host bits are ignored, as in nmap";
  EXPECT_EQ(hosts_of(targets({"10.0.0.9/32"})), (std::vector<std::string>{"10.0.0.9"}));
  EXPECT_EQ(targets({"0.0.0.0/0"}).count(), uint64_t{1} << 32);
  EXPECT_EQ(hosts_of(targets({"2001:db8::/126"})),
            (std::vector<std::string>{"2001:db8::", "2001:db8::1", "2001:db8::2", "2001:db8::3"}));
  EXPECT_EQ(hosts_of(targets({"[2001:db8::]/127"})).size(), 2u);
}

TEST_F(Targets, Ranges) {
  EXPECT_EQ(hosts_of(targets({"10.1.2.3-5"})),
            (std::vector<std::string>{"10.1.2.3", "10.1.2.4", "10.1.2.5"}));
  EXPECT_EQ(hosts_of(targets({"10.0.0.254-10.0.1.1"})),
            (std::vector<std::string>{"10.0.0.254", "10.0.0.255", "10.0.1.0", "10.0.1.1"}));
  EXPECT_EQ(hosts_of(targets({"::1-::3"})), (std::vector<std::string>{"::1", "::2", "::3"}));
}

TEST_F(Targets, OctetPatterns) {
  EXPECT_EQ(hosts_of(targets({"10.1.2-3.0-1"})),
            (std::vector<std::string>{"10.1.2.0", "10.1.2.1", "10.1.3.0", "10.1.3.1"}));
  TargetSet star = targets({"10.1.2.*"});
  EXPECT_EQ(star.count(), 256u);
  EXPECT_EQ(hosts_of(star).back(), "10.1.2.255");
  TargetSet sparse = targets({"10.*.*.1"});
  EXPECT_EQ(sparse.count(), 65536u);
  EXPECT_EQ(hosts_of(sparse, 0, 3), (std::vector<std::string>{"10.0.0.1", "10.0.1.1", "10.0.2.1"}));
  EXPECT_EQ(hosts_of(sparse, 65535), (std::vector<std::string>{"10.255.255.1"}));
  EXPECT_EQ(hosts_of(targets({"10.0.0.250-"})).size(), 6u);
}

TEST_F(Targets, IndicesRunAcrossBlocksAndCommasSplitTokens) {
  TargetSet set = targets({"10.0.0.1,10.0.0.2", "10.0.1.0/31"});
  EXPECT_EQ(hosts_of(set),
            (std::vector<std::string>{"10.0.0.1", "10.0.0.2", "10.0.1.0", "10.0.1.1"}));
  EXPECT_EQ(set.count(), 4u);
}

TEST_F(Targets, ErrorNamesTokenPositionAndReason) {
  EXPECT_EQ(usage_error_of({"10.0.0.1", "10.0.0.2", "10.0.0.300"}),
            "target #3 \"10.0.0.300\" is invalid: octet out of range 0-255");
  set_lang(Lang::zh);
  EXPECT_EQ(usage_error_of({"10.0.0.1", "10.0.0.2", "10.0.0.300"}),
            "目标第 3 项 \"10.0.0.300\" 无效：八位组超出 0-255");
  EXPECT_EQ(usage_error_of({"10.0.0.1", "1.2.3.4/40"}, true),
            "排除项第 2 项 \"1.2.3.4/40\" 无效：前缀长度须在 0-32 之间");
  set_lang(Lang::en);
  EXPECT_NE(usage_error_of({"10.0.0"}).find("expected 4 octets"), std::string::npos);
  EXPECT_NE(usage_error_of({"::1/129"}).find("0-128"), std::string::npos);
  EXPECT_NE(usage_error_of({"10.0.0.5-1"}).find("start is greater"), std::string::npos);
  EXPECT_NE(usage_error_of({"10.0.0.9-10.0.0.1"}).find("start is greater"), std::string::npos);
  EXPECT_NE(usage_error_of({"fe80::1%eth0"}).find("zone"), std::string::npos);
  EXPECT_NE(usage_error_of({"2001:db8::g"}).find("IPv6"), std::string::npos);
  EXPECT_NE(usage_error_of({"1.2.3.4-::1"}).find("\"1.2.3.4-::1\""), std::string::npos);
  EXPECT_NE(usage_error_of({"bad_host!"}).find("invalid character"), std::string::npos);
  EXPECT_NE(usage_error_of({"db.example/24"}).find("/prefix"), std::string::npos);
  EXPECT_NE(usage_error_of({"a..b"}).find("empty label"), std::string::npos);
  EXPECT_EQ(usage_error_of({"10.0.0.1", "a.b.c"}), "") << "host names are not usage errors";
}

TEST_F(Targets, ExclusionsWithPartialOverlap) {
  TargetSet set = targets({"10.0.0.0/24"}, {"10.0.0.0/25", "10.0.0.200-10.0.1.5"});
  EXPECT_EQ(set.count(), 128u - 56u);
  std::vector<std::string> hosts = hosts_of(set);
  ASSERT_EQ(hosts.size(), set.count());
  EXPECT_EQ(hosts.front(), "10.0.0.128");
  EXPECT_EQ(hosts.back(), "10.0.0.199");

  TargetSet pattern = targets({"10.0.*.1-3"}, {"10.0.1-254.*", "10.0.0.2"});
  EXPECT_EQ(pattern.count(), 5u);
  EXPECT_EQ(hosts_of(pattern), (std::vector<std::string>{"10.0.0.1", "10.0.0.3", "10.0.255.1",
                                                         "10.0.255.2", "10.0.255.3"}));

  TargetSet v6 = targets({"2001:db8::/120"}, {"2001:db8::10-2001:db8::ff", "10.0.0.0/8"});
  EXPECT_EQ(v6.count(), 16u) << "v4 exclusions do not touch v6 targets";
  EXPECT_EQ(hosts_of(targets({"10.0.0.1-3"}, {"10.0.0.0/8"})).size(), 0u);
  EXPECT_TRUE(targets({"10.0.0.1-3"}, {"10.0.0.0/8"}).empty());
}

TEST_F(Targets, OversizedPatternExclusionIsRefused) {
  EXPECT_NE(usage_error_of({"*.*.*.1"}, true).find("fragmented"), std::string::npos);
  EXPECT_EQ(usage_error_of({"*.*.*.*", "10.*.*.1"}, true), "");
}

// Checks count(), iteration and every resume point against a brute-force expansion of small
// random target and exclusion sets.
TEST_F(Targets, MatchesBruteForceOnRandomSets) {
  std::mt19937 rng(20240601);
  auto octet_spec = [&](bool allow_range) {
    int kind = allow_range ? static_cast<int>(rng() % 4) : 0;
    unsigned a = rng() % 8, b = rng() % 8;
    if (a > b) std::swap(a, b);
    if (kind == 0 || kind == 3) return std::to_string(a);
    if (kind == 1) return std::to_string(a) + "-" + std::to_string(b);
    return std::string("0-7");
  };
  auto random_token = [&]() -> std::string {
    switch (rng() % 4) {
      case 0:
        return "10.0." + octet_spec(true) + "." + octet_spec(true);
      case 1:
        return "10.0." + std::to_string(rng() % 8) + "." + std::to_string(rng() % 8) + "/" +
               std::to_string(29 + rng() % 4);
      case 2: {
        unsigned a = rng() % 2048, b = rng() % 2048;
        if (a > b) std::swap(a, b);
        return "10.0." + std::to_string(a / 256) + "." + std::to_string(a % 256) + "-10.0." +
               std::to_string(b / 256) + "." + std::to_string(b % 256);
      }
      default:
        return "10.0." + std::to_string(rng() % 8) + "." + std::to_string(rng() % 8);
    }
  };
  // The reference: nmap-style expansion, done the slow way through single-token sets.
  auto expand = [](const std::string& token) { return hosts_of(targets({token})); };

  for (int round = 0; round < 60; ++round) {
    std::vector<std::string> target_tokens, exclude_tokens;
    for (unsigned i = 0, n = 1 + rng() % 4; i < n; ++i) target_tokens.push_back(random_token());
    for (unsigned i = 0, n = rng() % 4; i < n; ++i) exclude_tokens.push_back(random_token());
    std::set<std::string> excluded;
    for (const auto& token : exclude_tokens) {
      for (const auto& host : expand(token)) excluded.insert(host);
    }
    std::vector<std::string> expected;
    for (const auto& token : target_tokens) {
      for (const auto& host : expand(token)) {
        if (!excluded.count(host)) expected.push_back(host);
      }
    }
    TargetSet set = targets(target_tokens, exclude_tokens);
    std::string context = ::testing::PrintToString(target_tokens) + " minus " +
                          ::testing::PrintToString(exclude_tokens);
    ASSERT_EQ(set.count(), expected.size()) << context;
    ASSERT_EQ(hosts_of(set), expected) << context;
    for (size_t skip = 0; skip <= expected.size(); skip += 1 + expected.size() / 7) {
      std::vector<std::string> tail(expected.begin() + static_cast<std::ptrdiff_t>(skip),
                                    expected.end());
      ASSERT_EQ(hosts_of(set, skip), tail) << context << " skip " << skip;
    }
  }
}

TEST_F(Targets, SlashEightIsLazy) {
  TargetSet set = targets({"10.0.0.0/8"}, {"10.0.0.0/24"});
  EXPECT_EQ(set.count(), 16777216u - 256u);
  EXPECT_EQ(hosts_of(set, 0, 2), (std::vector<std::string>{"10.0.1.0", "10.0.1.1"}));
  EXPECT_EQ(hosts_of(set, set.count() - 1), (std::vector<std::string>{"10.255.255.255"}));
  EXPECT_EQ(hosts_of(set, set.count()), (std::vector<std::string>{}));
  EXPECT_EQ(hosts_of(set, 1000000, 1), (std::vector<std::string>{"10.15.67.64"}));
}

TEST_F(Targets, Ipv6SlashSixtyFourIsLazyAndCountSaturates) {
  TargetSet set = targets({"2001:db8:1:2::/64"});
  EXPECT_EQ(set.count(), std::numeric_limits<uint64_t>::max()) << "2^64 hosts saturate";
  EXPECT_EQ(hosts_of(set, 0, 2), (std::vector<std::string>{"2001:db8:1:2::", "2001:db8:1:2::1"}));
  EXPECT_EQ(hosts_of(set, uint64_t{1} << 40, 1),
            (std::vector<std::string>{"2001:db8:1:2:0:100::"}));
  TargetSet smaller = targets({"2001:db8::/96"}, {"2001:db8::/97"});
  EXPECT_EQ(smaller.count(), uint64_t{1} << 31);
  EXPECT_EQ(hosts_of(smaller, 0, 1), (std::vector<std::string>{"2001:db8::8000:0"}));
  EXPECT_EQ(targets({"::/0"}).count(), std::numeric_limits<uint64_t>::max());
}

TEST_F(Targets, HostNamesUseTheResolver) {
  TargetSet set;
  std::vector<std::string> warnings;
  set.set_warning_handler([&](const std::string& w) { warnings.push_back(w); });
  set.set_resolver([](const std::string& name) -> std::vector<IpAddr> {
    if (name != "db.example") return {};
    return {*IpAddr::parse("10.9.9.9"), *IpAddr::parse("10.9.9.10"), *IpAddr::parse("::9"),
            *IpAddr::parse("::10")};
  });
  set.add_tokens({"db.example", "nowhere.example", "10.0.0.1"});
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("\"nowhere.example\""), std::string::npos) << warnings[0];
  EXPECT_NE(warnings[0].find("#2"), std::string::npos) << warnings[0];
  auto cursor = set.begin();
  auto first = cursor.next();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->addr.to_string(), "10.9.9.9");
  EXPECT_EQ(first->hostname, "db.example");
  auto second = cursor.next();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->addr.to_string(), "::9");
  EXPECT_EQ(cursor.next()->addr.to_string(), "10.0.0.1");
  EXPECT_FALSE(cursor.next());

  set.exclude_tokens({"db.example"});  // every address of the name, not only the first ones
  EXPECT_EQ(hosts_of(set), (std::vector<std::string>{"10.0.0.1"}));
}

TEST_F(Targets, LocalhostResolvesToLoopback) {
  TargetSet set;
  set.add_tokens({"localhost"});
  std::vector<std::string> hosts = hosts_of(set);
  ASSERT_FALSE(hosts.empty());
  EXPECT_EQ(hosts.front(), "127.0.0.1");
  for (const std::string& host : hosts) EXPECT_TRUE(host == "127.0.0.1" || host == "::1") << host;
  EXPECT_EQ(set.begin().next()->hostname, "localhost");
}

TEST_F(Targets, ListFile) {
  TargetSet set;
  set.add_list_file(kDir + "targets.txt");
  EXPECT_EQ(hosts_of(set), (std::vector<std::string>{"10.1.0.1", "10.1.0.2", "10.1.0.3", "10.1.1.0",
                                                     "10.1.1.1", "10.1.2.5", "10.1.2.6", "::1"}));
}

TEST_F(Targets, ListFileErrorsNameFileAndLine) {
  TargetSet set;
  try {
    set.add_list_file(kDir + "targets_bad.txt");
    FAIL() << "accepted";
  } catch (const UsageError& e) {
    EXPECT_EQ(std::string(e.what()), "target " + kDir +
                                         "targets_bad.txt:4 \"10.1.0.256\" is invalid: octet out "
                                         "of range 0-255");
  }
  try {
    set.add_list_file(kDir + "missing.txt");
    FAIL() << "accepted";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("missing.txt"), std::string::npos) << e.what();
  }
}

TEST_F(Targets, ExcludeFile) {
  TargetSet set;
  set.add_tokens({"10.2.0.0/24"});
  set.exclude_file(kDir + "exclude.txt");
  EXPECT_EQ(set.count(), 127u);
  std::vector<std::string> hosts = hosts_of(set);
  EXPECT_EQ(hosts.front(), "10.2.0.0");
  EXPECT_EQ(hosts[1], "10.2.0.2");
  EXPECT_EQ(hosts.back(), "10.2.0.127");
}

TEST(SplitTargetLine, SeparatorsAndComments) {
  EXPECT_EQ(split_target_line(" a, b\tc ,,d # e f"),
            (std::vector<std::string>{"a", "b", "c", "d"}));
  EXPECT_TRUE(split_target_line("# only a comment").empty());
}

TEST(IpAddr, ParseAndFormat) {
  EXPECT_EQ(IpAddr::parse("192.168.1.20")->to_string(), "192.168.1.20");
  EXPECT_FALSE(IpAddr::parse("192.168.1"));
  EXPECT_FALSE(IpAddr::parse("192.168.1.256"));
  EXPECT_FALSE(IpAddr::parse("1.2.3.4 "));
  EXPECT_FALSE(IpAddr::parse("fe80::1%lo"));
  EXPECT_EQ(IpAddr::parse("2001:DB8::1")->to_string(), "2001:db8::1");
  EXPECT_EQ(IpAddr::parse("[::1]")->to_string(), "::1");
  EXPECT_LT(*IpAddr::parse("10.0.0.2"), *IpAddr::parse("10.0.0.10"));
  EXPECT_EQ(IpAddr::from_value(false, 0x0a000001).to_string(), "10.0.0.1");
  EXPECT_EQ(IpAddr::parse("10.0.0.1")->value(), Uint128{0x0a000001});
}

}  // namespace
}  // namespace paicha
