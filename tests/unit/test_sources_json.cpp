#include <gtest/gtest.h>

#include <string>

#include "sources/reader.h"
#include "test_sources_util.h"

namespace paicha::sources {
namespace {

using testing::Chunk;
using testing::Recorder;

const std::filesystem::path kData = std::filesystem::path(PAICHA_TEST_DATA_DIR) / "sources";

std::vector<std::pair<std::string, std::string>> fields(const testing::RecordedDoc& doc) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& c : doc.chunks) out.emplace_back(c.field, c.text);
  return out;
}

TEST(SourcesJson, NdjsonValuesCarryKeysAndLines) {
  Recorder recorder;
  read_document(kData / "records.ndjson", ReadOptions{}, recorder);
  const auto& doc = recorder.only();
  EXPECT_EQ(doc.end_info.kind, DocumentKind::json);
  EXPECT_TRUE(doc.warnings.empty());
  using P = std::pair<std::string, std::string>;
  EXPECT_EQ(fields(doc), (std::vector<P>{{"name", "张三"},
                                         {"mobile", "13800138000"},
                                         {"id_card", "11010519491231002X"},
                                         {"name", "李四"},
                                         {"mobile", "13912345678"},
                                         {"tags", "vip"},
                                         {"tags", "李四"},
                                         {"city", "深圳"},
                                         {"street", "科技园"},
                                         {"name", "王五"},
                                         {"email", "wangwu@example.com"}}));
  EXPECT_EQ(doc.find("13800138000")->pos.line, 1u);
  EXPECT_EQ(doc.find("13912345678")->pos.line, 2u);
  EXPECT_EQ(doc.find("王五")->pos.line, 4u);
}

TEST(SourcesJson, PrettyDocumentWithArraysAndSurrogates) {
  Recorder recorder;
  read_document(kData / "nested.json", ReadOptions{}, recorder);
  const auto& doc = recorder.only();
  EXPECT_TRUE(doc.warnings.empty());
  const Chunk* phone = doc.find("13912345678");
  ASSERT_NE(phone, nullptr);
  EXPECT_EQ(phone->field, "phone");
  EXPECT_EQ(phone->pos.line, 5u);
  EXPECT_EQ(doc.find("某某区教育局")->field, "unit");
  EXPECT_EQ(doc.find("\xf0\x9f\x98\x80")->field, "emoji");  // U+1F600 from a surrogate pair
  EXPECT_EQ(doc.chunks.back().text, "2");
  EXPECT_EQ(doc.chunks.back().field, "count");
}

TEST(SourcesJson, SyntaxErrorFallsBackToTextForTheRest) {
  Recorder recorder;
  read_document(kData / "broken.json", ReadOptions{}, recorder);
  const auto& doc = recorder.only();
  EXPECT_FALSE(doc.skipped);
  ASSERT_EQ(doc.warnings.size(), 1u);
  EXPECT_NE(doc.warnings[0].find('2'), std::string::npos);  // the line of the error
  EXPECT_EQ(doc.find("13800138000")->field, "phone");
  const Chunk* rest = doc.find("13912345678");
  ASSERT_NE(rest, nullptr);
  EXPECT_TRUE(rest->field.empty());
  EXPECT_NE(doc.all_text().find("王五"), std::string::npos);
}

TEST(SourcesJson, NotJsonAtAllIsStillScanned) {
  Recorder recorder;
  detail::read_buffer("plain 13800138000\n", "x.json", ReadOptions{}, recorder);
  EXPECT_NE(recorder.only().all_text().find("13800138000"), std::string::npos);
}

TEST(SourcesJson, HugeStringIsCutWithBoundedPieces) {
  std::string value(50000, 'a');
  ReadOptions options;
  options.max_line = 1000;
  Recorder recorder;
  detail::read_buffer("{\"blob\":\"" + value + "\",\"k\":\"v\"}", "x.json", options, recorder);
  const auto& doc = recorder.only();
  ASSERT_EQ(doc.warnings.size(), 1u);
  size_t total = 0;
  for (const auto& c : doc.chunks) {
    if (c.field != "blob") continue;
    EXPECT_LE(c.text.size(), 1000u);
    total += c.text.size();
  }
  EXPECT_EQ(total, value.size());
  EXPECT_EQ(doc.chunks.back().field, "k");
}

TEST(SourcesJson, DeepNestingIsRejectedNotCrashing) {
  std::string deep(100000, '[');
  Recorder recorder;
  detail::read_buffer(deep, "deep.json", ReadOptions{}, recorder);
  EXPECT_EQ(recorder.only().warnings.size(), 1u);
}

TEST(SourcesJson, EscapesAreDecoded) {
  Recorder recorder;
  detail::read_buffer(R"({"a":"x\"y\\z\/\n\u00e9","b":-1.5e3})", "e.json", ReadOptions{}, recorder);
  const auto& doc = recorder.only();
  ASSERT_EQ(doc.chunks.size(), 2u);
  EXPECT_EQ(doc.chunks[0].text, "x\"y\\z/\n\xc3\xa9");
  EXPECT_EQ(doc.chunks[1].text, "-1.5e3");
}

}  // namespace
}  // namespace paicha::sources
