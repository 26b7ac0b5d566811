#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "core/finding.h"
#include "core/rules.h"
#include "store/finding_stream.h"
#include "store/store.h"

namespace paicha::store {

TEST(ReportFindingStream, SameFindingsAsTheStoreWithTextsOnlyWhereAsked) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("paicha-report-stream-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    Store store((dir / "s.db").string());
    const int64_t run = store.begin_run("audit", "{}");
    Asset redis;
    redis.host = "10.0.0.7";
    redis.port = 6379;
    redis.service = "redis";
    Finding known = make_finding("redis.weak_password", redis, "口令 ro****23", "default");
    Finding unknown = known;  // a rule this catalogue does not have (made by a newer paicha)
    unknown.rule = "future.rule";
    unknown.title = "stored title";
    unknown.references = {"ref A"};
    store.record_checked_asset(run, redis, {known, unknown}, {});

    std::vector<Finding> streamed;
    for_each_finding(
        store, run,
        [](std::string_view rule) { return RuleCatalogue::builtin().find(rule) == nullptr; },
        [&](Finding&& f) { streamed.push_back(std::move(f)); });
    const std::vector<Finding> stored = store.findings(run);
    ASSERT_EQ(streamed.size(), stored.size());
    ASSERT_EQ(streamed.size(), 2u);
    for (size_t i = 0; i < stored.size(); ++i) {
      EXPECT_EQ(streamed[i].fingerprint(), stored[i].fingerprint());
      EXPECT_EQ(streamed[i].evidence, stored[i].evidence);
      EXPECT_EQ(streamed[i].severity, stored[i].severity);
      EXPECT_EQ(streamed[i].category, stored[i].category);
    }
    const Finding& s_known = streamed[0].rule == "future.rule" ? streamed[1] : streamed[0];
    const Finding& s_unknown = streamed[0].rule == "future.rule" ? streamed[0] : streamed[1];
    EXPECT_TRUE(s_known.title.empty());  // the catalogue has it; not copied
    EXPECT_EQ(s_unknown.title, "stored title");
    EXPECT_EQ(s_unknown.references, std::vector<std::string>{"ref A"});
  }
  std::filesystem::remove_all(dir);
}

}  // namespace paicha::store
