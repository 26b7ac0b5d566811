#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <string>

#include "test_sources_util.h"

namespace paicha::sources {
namespace {

using testing::TempDir;

struct Listing {
  std::vector<std::string> files;  // relative to the temp dir
  std::vector<std::pair<std::string, std::string>> errors;
};

Listing list(const TempDir& dir, const ReadOptions& options,
             std::vector<std::filesystem::path> roots = {}) {
  if (roots.empty()) roots.push_back(dir.path());
  Listing out;
  walk(
      roots, options,
      [&](const std::filesystem::path& p) {
        out.files.push_back(p.lexically_relative(dir.path()).string());
      },
      [&](const std::filesystem::path& p, std::string_view why) {
        out.errors.emplace_back(p.lexically_relative(dir.path()).string(), why);
      });
  return out;
}

void make_tree(const TempDir& dir) {
  dir.write("a.csv", "x");
  dir.write("b.txt", "x");
  dir.write("sub/c.csv", "x");
  dir.write("sub/deeper/d.json", "x");
  dir.write("node_modules/e.csv", "x");
  dir.write("logs/f.log", "x");
}

TEST(SourcesWalk, ListsRecursivelyInNameOrder) {
  TempDir dir;
  make_tree(dir);
  auto listing = list(dir, ReadOptions{});
  EXPECT_EQ(listing.files,
            (std::vector<std::string>{"a.csv", "b.txt", "logs/f.log", "node_modules/e.csv",
                                      "sub/c.csv", "sub/deeper/d.json"}));
  EXPECT_TRUE(listing.errors.empty());
}

TEST(SourcesWalk, IncludeAndExcludeGlobs) {
  TempDir dir;
  make_tree(dir);
  ReadOptions options;
  options.include_globs = {"*.csv", "sub/deeper/*"};
  options.exclude_globs = {"node_modules"};
  auto listing = list(dir, options);
  EXPECT_EQ(listing.files, (std::vector<std::string>{"a.csv", "sub/c.csv", "sub/deeper/d.json"}));
  options.include_globs.clear();
  options.exclude_globs = {"sub/*", "*.txt"};
  EXPECT_EQ(list(dir, options).files,
            (std::vector<std::string>{"a.csv", "logs/f.log", "node_modules/e.csv"}));
}

TEST(SourcesWalk, FilesGivenDirectlyAreAlwaysListed) {
  TempDir dir;
  make_tree(dir);
  ReadOptions options;
  options.include_globs = {"*.csv"};
  auto listing = list(dir, options, {dir.path() / "b.txt", dir.path() / "missing.txt"});
  EXPECT_EQ(listing.files, (std::vector<std::string>{"b.txt"}));
  ASSERT_EQ(listing.errors.size(), 1u);
  EXPECT_EQ(listing.errors[0].first, "missing.txt");
}

TEST(SourcesWalk, SymlinkLoopsAreReportedOnce) {
  TempDir dir;
  dir.write("top/sub/file.txt", "x");
  std::filesystem::create_directory_symlink(dir.path() / "top", dir.path() / "top/sub/loop");
  std::filesystem::create_symlink(dir.path() / "nowhere", dir.path() / "top/dangling");
  auto listing = list(dir, ReadOptions{});
  EXPECT_EQ(listing.files, (std::vector<std::string>{"top/sub/file.txt"}));
  ASSERT_EQ(listing.errors.size(), 2u);
  std::sort(listing.errors.begin(), listing.errors.end());
  EXPECT_EQ(listing.errors[0].first, "top/dangling");
  EXPECT_EQ(listing.errors[1].first, "top/sub/loop");

  ReadOptions no_follow;
  no_follow.follow_symlinks = false;
  auto plain = list(dir, no_follow);
  EXPECT_EQ(plain.files, (std::vector<std::string>{"top/sub/file.txt"}));
  EXPECT_TRUE(plain.errors.empty());
}

TEST(SourcesWalk, FollowedSymlinkedFilesAreListed) {
  TempDir dir;
  dir.write("real/data.csv", "x");
  std::filesystem::create_directory(dir.path() / "view");
  std::filesystem::create_symlink(dir.path() / "real/data.csv", dir.path() / "view/link.csv");
  auto listing = list(dir, ReadOptions{});
  EXPECT_EQ(listing.files, (std::vector<std::string>{"real/data.csv", "view/link.csv"}));
}

TEST(SourcesWalk, UnreadableDirectoryIsReported) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads everything";
  TempDir dir;
  dir.write("locked/x.txt", "x");
  std::filesystem::permissions(dir.path() / "locked", std::filesystem::perms::none);
  auto listing = list(dir, ReadOptions{});
  std::filesystem::permissions(dir.path() / "locked", std::filesystem::perms::owner_all);
  ASSERT_EQ(listing.errors.size(), 1u);
  EXPECT_EQ(listing.errors[0].first, "locked");
}

}  // namespace
}  // namespace paicha::sources
