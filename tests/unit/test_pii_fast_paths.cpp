// The hand-written fast paths of the scanner against their plain definitions: the CSV cell
// index against csv_column_at, the one-pass merge against std::stable_sort and resolve_overlaps,
// and the memchr-found "@" and "*" candidates against the forms Hyperscan used to find.
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <random>
#include <string>

#include "pii/csv_context.h"
#include "pii/matcher.h"
#include "pii/text_util.h"

using namespace paicha::pii;

namespace {

std::vector<std::pair<PiiType, std::string>> find_all(std::string_view text) {
  MatchSession session;
  std::vector<Match> matches;
  session.find(text, TypeSet::all(), matches);
  std::vector<std::pair<PiiType, std::string>> out;
  for (auto& m : matches)
    out.emplace_back(m.type, std::string(text.substr(m.begin, m.end - m.begin)));
  return out;
}

}  // namespace

TEST(PiiFastPaths, CellIndexAgreesWithPlainCount) {
  std::mt19937 rng(11);
  // Without quotes the index takes 64 bytes at a time, with them byte by byte.
  for (int round = 0; round < 400; ++round) {
    const std::string alphabet = round % 2 ? "ab,,\"\n\t;x1" : "ab,,cd\n\t;x1";
    std::string text(1 + rng() % 300, ' ');
    for (char& c : text) c = alphabet[rng() % alphabet.size()];
    for (char delimiter : {',', '\t', ';'}) {
      CsvCells cells;
      cells.index(text, delimiter);
      for (size_t offset = 0; offset <= text.size(); offset += 1 + rng() % 23)
        ASSERT_EQ(cells.column_at(offset), csv_column_at(text, offset, delimiter))
            << "round " << round << " offset " << offset;
      // Going back restarts the walk.
      ASSERT_EQ(cells.column_at(0), 0);
    }
  }
}

TEST(PiiFastPaths, MergeResolvedEqualsStableSortThenResolve) {
  std::mt19937 rng(7);
  for (int round = 0; round < 300; ++round) {
    std::array<std::vector<Match>, 4> runs;
    std::vector<Match> all;
    for (auto& run : runs) {
      run.resize(rng() % 15);
      for (auto& m : run) {
        size_t b = rng() % 30;
        m = {static_cast<PiiType>(rng() % kTypeCount), b, b + 1 + rng() % 6};
      }
      std::stable_sort(run.begin(), run.end(), match_order);
      all.insert(all.end(), run.begin(), run.end());
    }
    std::stable_sort(all.begin(), all.end(), match_order);
    resolve_overlaps(all);
    std::vector<Match> merged;
    merge_resolved({&runs[0], &runs[1], &runs[2], &runs[3]}, merged);
    ASSERT_EQ(merged.size(), all.size()) << "round " << round;
    for (size_t i = 0; i < all.size(); ++i) {
      ASSERT_EQ(merged[i].type, all[i].type) << "round " << round << " at " << i;
      ASSERT_EQ(merged[i].begin, all[i].begin);
      ASSERT_EQ(merged[i].end, all[i].end);
    }
  }
}

TEST(PiiFastPaths, ByteLedCandidates) {
  const std::string hash = "*" + std::string(40, 'A');
  EXPECT_EQ(find_all("hash " + hash + " end"),
            (std::vector<std::pair<PiiType, std::string>>{{PiiType::password, hash}}));
  EXPECT_TRUE(find_all("hash " + hash + "_x").empty());  // no word boundary after the hex
  EXPECT_TRUE(find_all("*" + std::string(39, 'A') + " ").empty());
  EXPECT_EQ(find_all("mail .zhang@qq.com. x@y a@@b.cn"),
            (std::vector<std::pair<PiiType, std::string>>{{PiiType::email, "zhang@qq.com"}}));
  // A key's value that is also an e-mail stays the key's type, as before.
  EXPECT_EQ(find_all("password=abc@def.com\n"),
            (std::vector<std::pair<PiiType, std::string>>{{PiiType::password, "abc@def.com"}}));
  EXPECT_EQ(find_all("@qq.com 13812345678@qq.com"),
            (std::vector<std::pair<PiiType, std::string>>{{PiiType::email, "13812345678@qq.com"}}));
}

TEST(PiiFastPaths, PatternsLoadFromTheBuiltInDatabase) {
  // The tests run where the build ran, so the database made by the build must fit; a stale or
  // unreadable one would silently cost every run the compilation again.
  EXPECT_TRUE(MatchSession::prebuilt_patterns());
  EXPECT_EQ(find_all("地址：北京市海淀区中关村大街27号").size(), 1u);
}

TEST(PiiFastPaths, HugeTextsAreCutAfterTheirLastNewline) {
  const std::string text = "aaaa\nbb\ncccccc\n";
  EXPECT_EQ(line_aligned_end(text, 0, 100), text.size());  // fits whole
  EXPECT_EQ(line_aligned_end(text, 0, 8), 8u);             // after "aaaa\nbb\n"
  EXPECT_EQ(line_aligned_end(text, 0, 7), 5u);             // after "aaaa\n"
  EXPECT_EQ(line_aligned_end(text, 8, 4), 12u);            // "cccccc" is longer: cut mid-line
  EXPECT_EQ(line_aligned_end(text, 8, 7), text.size());
}
