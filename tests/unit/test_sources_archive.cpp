#include <gtest/gtest.h>

#include <string>

#include "sources/reader.h"
#include "test_sources_util.h"

namespace paicha::sources {
namespace {

using testing::iconv_to;
using testing::make_archive;
using testing::Recorder;
using testing::TempDir;

const std::string kCsv = "姓名,手机号\n张三,13800138000\n";

TEST(SourcesArchive, ZipMembersAreNamedAndReadByKind) {
  TempDir dir;
  auto zip =
      dir.write("outer.zip", make_archive("zip", "",
                                          {{"dir/inner.csv", kCsv},
                                           {"notes.txt", "李四 13912345678\n"},
                                           {"gbk.txt", iconv_to("GB18030", "王五住在北京市\n")}}));
  Recorder recorder;
  read_document(zip, ReadOptions{}, recorder);
  ASSERT_EQ(recorder.docs.size(), 4u);
  std::string base = zip.string();
  const auto* csv = recorder.by_path(base + "!dir/inner.csv");
  ASSERT_NE(csv, nullptr);
  EXPECT_EQ(csv->end_info.kind, DocumentKind::csv);
  EXPECT_EQ(csv->end_info.bytes, kCsv.size());
  EXPECT_EQ(csv->header, (std::vector<std::string>{"姓名", "手机号"}));
  EXPECT_EQ(csv->all_text(), "张三,13800138000\n");
  const auto* gbk = recorder.by_path(base + "!gbk.txt");
  ASSERT_NE(gbk, nullptr);
  EXPECT_EQ(gbk->end_info.encoding, "gb18030");
  EXPECT_EQ(gbk->all_text(), "王五住在北京市\n");
  // The archive itself comes last, after its members, and was read completely.
  EXPECT_EQ(recorder.docs.back().end_info.path, base);
  EXPECT_EQ(recorder.docs.back().end_info.kind, DocumentKind::archive);
  EXPECT_FALSE(recorder.docs.back().skipped);
}

TEST(SourcesArchive, TarGzAndBareGz) {
  TempDir dir;
  auto tgz = dir.write("logs.tgz", make_archive("tar", "gzip", {{"a/app.log", "13800138000\n"}}));
  auto gz = dir.write("access.log.gz", make_archive("raw", "gzip", {{"ignored", "13912345678\n"}}));
  Recorder recorder;
  read_document(tgz, ReadOptions{}, recorder);
  read_document(gz, ReadOptions{}, recorder);
  const auto* member = recorder.by_path(tgz.string() + "!a/app.log");
  ASSERT_NE(member, nullptr);
  EXPECT_EQ(member->all_text(), "13800138000\n");
  const auto* bare = recorder.by_path(gz.string() + "!access.log");
  ASSERT_NE(bare, nullptr);
  EXPECT_EQ(bare->all_text(), "13912345678\n");
  EXPECT_EQ(bare->end_info.bytes, 12u);  // counted while reading: gzip does not declare it
}

TEST(SourcesArchive, NestedArchivesUpToTheDepthLimit) {
  std::string inner = make_archive("zip", "", {{"deep.csv", kCsv}});
  std::string middle = make_archive("tar", "gzip", {{"x/inner.zip", inner}});
  TempDir dir;
  auto outer = dir.write("outer.zip", make_archive("zip", "", {{"middle.tar.gz", middle}}));
  Recorder recorder;
  read_document(outer, ReadOptions{}, recorder);
  std::string deep = outer.string() + "!middle.tar.gz!x/inner.zip!deep.csv";
  const auto* doc = recorder.by_path(deep);
  ASSERT_NE(doc, nullptr) << "missing " << deep;
  EXPECT_EQ(doc->all_text(), "张三,13800138000\n");

  ReadOptions shallow;
  shallow.max_archive_depth = 2;
  Recorder limited;
  read_document(outer, shallow, limited);
  EXPECT_EQ(limited.by_path(deep), nullptr);
  const auto* too_deep = limited.by_path(outer.string() + "!middle.tar.gz!x/inner.zip");
  ASSERT_NE(too_deep, nullptr);
  ASSERT_TRUE(too_deep->skipped);
  EXPECT_NE(too_deep->skipped->find("2"), std::string::npos);
}

TEST(SourcesArchive, BrokenArchiveIsSkippedWithReason) {
  TempDir dir;
  std::string zip = make_archive("zip", "", {{"a.txt", std::string(5000, 'a')}});
  auto garbage = dir.write("garbage.zip", "PK\x03\x04" + std::string(200, '\x7f'));
  auto truncated =
      dir.write("cut.tar.gz",
                make_archive("tar", "gzip", {{"a.txt", std::string(100000, 'x')}}).substr(0, 60));
  Recorder recorder;
  read_document(garbage, ReadOptions{}, recorder);
  read_document(truncated, ReadOptions{}, recorder);
  const auto* g = recorder.by_path(garbage.string());
  ASSERT_NE(g, nullptr);
  ASSERT_TRUE(g->skipped);
  EXPECT_FALSE(g->skipped->empty());
  const auto* t = recorder.by_path(truncated.string());
  ASSERT_NE(t, nullptr);
  bool reported = t->skipped.has_value();
  for (const auto& d : recorder.docs) reported = reported || d.skipped.has_value();
  EXPECT_TRUE(reported);
}

TEST(SourcesArchive, BombGuardStopsOversizedMembers) {
  TempDir dir;
  std::string big(3 << 20, '0');
  auto zip =
      dir.write("bomb.zip", make_archive("zip", "", {{"big.txt", big}, {"small.txt", "ok\n"}}));
  auto gz = dir.write("bomb.txt.gz", make_archive("raw", "gzip", {{"x", big}}));
  ReadOptions options;
  options.max_member_bytes = 1 << 20;
  Recorder recorder;
  read_document(zip, options, recorder);
  read_document(gz, options, recorder);
  const auto* declared = recorder.by_path(zip.string() + "!big.txt");
  ASSERT_NE(declared, nullptr);
  ASSERT_TRUE(declared->skipped);
  EXPECT_TRUE(declared->chunks.empty());
  const auto* small = recorder.by_path(zip.string() + "!small.txt");
  ASSERT_NE(small, nullptr);
  EXPECT_EQ(small->all_text(), "ok\n");
  // A bare .gz does not declare its size: the guard trips while reading.
  const auto* streamed = recorder.by_path(gz.string() + "!bomb.txt");
  ASSERT_NE(streamed, nullptr);
  ASSERT_TRUE(streamed->skipped);
  size_t seen = streamed->all_text().size();
  EXPECT_LE(seen, options.max_member_bytes);
}

TEST(SourcesArchive, BinaryMemberIsSkipped) {
  TempDir dir;
  auto zip = dir.write(
      "m.zip", make_archive("zip", "", {{"img.png", std::string("\x89PNG\r\n\x1a\n\0\0", 10)}}));
  Recorder recorder;
  read_document(zip, ReadOptions{}, recorder);
  const auto* png = recorder.by_path(zip.string() + "!img.png");
  ASSERT_NE(png, nullptr);
  EXPECT_EQ(png->end_info.kind, DocumentKind::binary);
  EXPECT_TRUE(png->skipped);
}

}  // namespace
}  // namespace paicha::sources
