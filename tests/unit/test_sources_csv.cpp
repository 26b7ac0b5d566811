#include <gtest/gtest.h>

#include <string>

#include "sources/reader.h"
#include "test_sources_util.h"

namespace paicha::sources {
namespace {

using testing::iconv_to;
using testing::Recorder;
using testing::TempDir;

const std::filesystem::path kData = std::filesystem::path(PAICHA_TEST_DATA_DIR) / "sources";

TEST(SourcesCsv, CommaWithHeaderAndQuotedFields) {
  Recorder recorder;
  read_document(kData / "people.csv", ReadOptions{}, recorder);
  const auto& doc = recorder.only();
  EXPECT_EQ(doc.end_info.kind, DocumentKind::csv);
  EXPECT_EQ(doc.delimiter, ',');
  EXPECT_EQ(doc.header, (std::vector<std::string>{"姓名", "身份证号", "手机号", "邮箱", "地址"}));
  ASSERT_FALSE(doc.chunks.empty());
  EXPECT_EQ(doc.chunks.front().pos.line, 2u);
  EXPECT_TRUE(doc.chunks.front().text.starts_with("张三,11010519491231002X"));
  EXPECT_EQ(doc.all_text().find("姓名"), std::string::npos);  // the header is not data
  EXPECT_TRUE(doc.chunks.front().field.empty());
}

TEST(SourcesCsv, TabSemicolonAndPipe) {
  Recorder recorder;
  read_document(kData / "people.tsv", ReadOptions{}, recorder);
  read_document(kData / "semicolon.csv", ReadOptions{}, recorder);
  read_document(kData / "noheader.csv", ReadOptions{}, recorder);
  ASSERT_EQ(recorder.docs.size(), 3u);
  EXPECT_EQ(recorder.docs[0].delimiter, '\t');
  EXPECT_EQ(recorder.docs[0].header, (std::vector<std::string>{"姓名", "手机号", "备注"}));
  EXPECT_EQ(recorder.docs[1].delimiter, ';');
  EXPECT_EQ(recorder.docs[1].header, (std::vector<std::string>{"name", "phone", "city"}));
  // The first row holds a phone number: it is data, not a header, and must be scanned.
  EXPECT_EQ(recorder.docs[2].delimiter, '|');
  EXPECT_TRUE(recorder.docs[2].header.empty());
  ASSERT_FALSE(recorder.docs[2].chunks.empty());
  EXPECT_EQ(recorder.docs[2].chunks.front().pos.line, 1u);
  EXPECT_TRUE(recorder.docs[2].all_text().starts_with("张三|13800138000"));
}

TEST(SourcesCsv, DelimiterInsideQuotesDoesNotCount) {
  Recorder recorder;
  detail::read_buffer("a;b;c\n\"x,y,z\";2;3\n\"p,q\";5;6\n", "q.csv", ReadOptions{}, recorder);
  EXPECT_EQ(recorder.only().delimiter, ';');
  EXPECT_EQ(recorder.only().header, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(SourcesCsv, GbkCsvIsDecoded) {
  TempDir dir;
  std::string utf8 = "姓名,手机号\n张三,13800138000\n";
  auto file = dir.write("gbk.csv", iconv_to("GB18030", utf8));
  Recorder recorder;
  read_document(file, ReadOptions{}, recorder);
  EXPECT_EQ(recorder.only().end_info.encoding, "gb18030");
  EXPECT_EQ(recorder.only().header, (std::vector<std::string>{"姓名", "手机号"}));
  EXPECT_EQ(recorder.only().all_text(), "张三,13800138000\n");
}

TEST(SourcesCsv, LargeCsvStreamsInChunksWithLineNumbers) {
  std::string csv = "id,mobile\n";
  for (int i = 0; i < 50000; ++i)
    csv += std::to_string(i) + ",138" + std::to_string(10000000 + i) + "\n";
  ReadOptions options;
  options.chunk_bytes = 8192;
  Recorder recorder;
  detail::read_buffer(csv, "big.csv", options, recorder);
  const auto& doc = recorder.only();
  EXPECT_GT(doc.chunks.size(), 50u);
  EXPECT_EQ(doc.all_text(), csv.substr(csv.find('\n') + 1));
  uint64_t line = 2;
  for (const auto& chunk : doc.chunks) {
    ASSERT_EQ(chunk.pos.line, line);
    ASSERT_TRUE(chunk.text.starts_with(std::to_string(line - 2) + ","));
    line += std::count(chunk.text.begin(), chunk.text.end(), '\n');
  }
}

TEST(SourcesCsv, HeaderHeuristic) {
  EXPECT_TRUE(detail::looks_like_header({"姓名", "手机号", "2023年收入"}));
  EXPECT_FALSE(detail::looks_like_header({"张三", "13800138000"}));
  EXPECT_FALSE(detail::looks_like_header({"x", "a@b.cn"}));
  EXPECT_FALSE(detail::looks_like_header({"", ""}));
}

}  // namespace
}  // namespace paicha::sources
