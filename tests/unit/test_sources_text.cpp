#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "core/i18n.h"
#include "sources/encoding.h"
#include "sources/reader.h"
#include "test_sources_util.h"

namespace paicha::sources {
namespace {

using testing::iconv_to;
using testing::Recorder;
using testing::TempDir;

std::string numbered_lines(int count) {
  std::string text;
  for (int i = 1; i <= count; ++i)
    text += "第" + std::to_string(i) + "行 line " + std::to_string(i) + "\n";
  return text;
}

TEST(SourcesText, ChunksAreWholeLinesWithCorrectLineNumbers) {
  TempDir dir;
  std::string text = numbered_lines(20000);
  auto file = dir.write("app.log", text);
  ReadOptions options;
  options.chunk_bytes = 4096;
  Recorder recorder;
  read_document(file, options, recorder);
  const auto& doc = recorder.only();
  EXPECT_EQ(doc.end_info.kind, DocumentKind::text);
  EXPECT_EQ(doc.end_info.encoding, "utf-8");
  EXPECT_EQ(doc.end_info.bytes, text.size());
  EXPECT_FALSE(doc.skipped);
  EXPECT_GT(doc.chunks.size(), 10u);
  EXPECT_EQ(doc.all_text(), text);
  uint64_t line = 1;
  for (const auto& chunk : doc.chunks) {
    ASSERT_EQ(chunk.text.back(), '\n');
    ASSERT_LE(chunk.text.size(), 4096u);
    ASSERT_EQ(chunk.pos.line, line);
    // The chunk's first line is the one its position names.
    std::string expected = "第" + std::to_string(line) + "行";
    ASSERT_TRUE(chunk.text.starts_with(expected)) << chunk.text.substr(0, 20);
    line += std::count(chunk.text.begin(), chunk.text.end(), '\n');
  }
  EXPECT_TRUE(doc.warnings.empty());
}

TEST(SourcesText, LastLineWithoutNewlineAndCrlf) {
  Recorder recorder;
  detail::read_buffer("a\r\nb\r\nlast", "x.txt", ReadOptions{}, recorder);
  EXPECT_EQ(recorder.only().all_text(), "a\r\nb\r\nlast");
  EXPECT_EQ(recorder.only().end_info.encoding, "ascii");
}

TEST(SourcesText, OverLongLineIsCutAndReported) {
  std::string long_line;
  for (int i = 0; i < 2000; ++i) long_line += "张三";  // 12000 bytes, no newline
  std::string text = "first\n" + long_line + "\nafter\n";
  for (size_t chunk_bytes : {size_t{100}, size_t{1 << 20}}) {
    ReadOptions options;
    options.max_line = 100;
    options.chunk_bytes = chunk_bytes;
    Recorder recorder;
    detail::read_buffer(text, "x.txt", options, recorder);
    const auto& doc = recorder.only();
    EXPECT_EQ(doc.all_text(), text) << chunk_bytes;
    ASSERT_EQ(doc.warnings.size(), 1u) << chunk_bytes;
    EXPECT_NE(doc.warnings[0].find('2'), std::string::npos);  // names line 2
    for (const auto& chunk : doc.chunks) {
      EXPECT_TRUE(detail::is_valid_utf8(chunk.text, true));
      if (chunk.text.find("张") != std::string::npos) {
        EXPECT_EQ(chunk.pos.line, 2u);
        EXPECT_LE(chunk.text.size(), 101u);
      }
    }
    const auto* after = doc.find("after");
    ASSERT_NE(after, nullptr);
    if (after->text.starts_with("after")) {
      EXPECT_EQ(after->pos.line, 3u);
    }
  }
}

TEST(SourcesText, GbkFileIsDecodedAndReported) {
  TempDir dir;
  std::string utf8 = "联系人：李四\n电话：13912345678\n地址：广东省深圳市南山区\n";
  auto file = dir.write("export.txt", iconv_to("GB18030", utf8));
  Recorder recorder;
  read_document(file, ReadOptions{}, recorder);
  EXPECT_EQ(recorder.only().end_info.encoding, "gb18030");
  EXPECT_EQ(recorder.only().all_text(), utf8);
}

TEST(SourcesText, Utf16WithBomIsDecoded) {
  TempDir dir;
  std::string utf8 = "姓名,手机\n王五,13700001111\n";
  auto le = dir.write("le.txt", "\xff\xfe" + iconv_to("UTF-16LE", utf8));
  auto be = dir.write("be.txt", "\xfe\xff" + iconv_to("UTF-16BE", utf8));
  Recorder recorder;
  read_document(le, ReadOptions{}, recorder);
  read_document(be, ReadOptions{}, recorder);
  ASSERT_EQ(recorder.docs.size(), 2u);
  EXPECT_EQ(recorder.docs[0].end_info.encoding, "utf-16le");
  EXPECT_EQ(recorder.docs[0].all_text(), utf8);
  EXPECT_EQ(recorder.docs[1].end_info.encoding, "utf-16be");
  EXPECT_EQ(recorder.docs[1].all_text(), utf8);
}

TEST(SourcesText, Utf8BomIsDropped) {
  Recorder recorder;
  detail::read_buffer("\xef\xbb\xbf张三\n", "bom.txt", ReadOptions{}, recorder);
  EXPECT_EQ(recorder.only().all_text(), "张三\n");
}

TEST(SourcesText, BinaryFileIsSkippedWithReasonInBothLanguages) {
  TempDir dir;
  std::string bytes;
  for (int i = 0; i < 3000; ++i) bytes += static_cast<char>(i * 7 % 256);
  auto file = dir.write("blob.dat", bytes);
  Recorder zh;
  read_document(file, ReadOptions{}, zh);
  ASSERT_TRUE(zh.only().skipped);
  EXPECT_NE(zh.only().skipped->find("二进制"), std::string::npos);
  EXPECT_EQ(zh.only().end_info.kind, DocumentKind::binary);
  EXPECT_TRUE(zh.only().chunks.empty());
  set_lang(Lang::en);
  Recorder en;
  read_document(file, ReadOptions{}, en);
  set_lang(Lang::zh);
  ASSERT_TRUE(en.only().skipped);
  EXPECT_NE(en.only().skipped->find("binary"), std::string::npos);
}

TEST(SourcesText, MaxSizeAndMissingFilesAreSkipped) {
  TempDir dir;
  auto file = dir.write("big.txt", std::string(5000, 'x'));
  ReadOptions options;
  options.max_size = 1000;
  Recorder recorder;
  read_document(file, options, recorder);
  read_document(dir.path() / "missing.txt", options, recorder);
  ASSERT_EQ(recorder.docs.size(), 2u);
  ASSERT_TRUE(recorder.docs[0].skipped);
  EXPECT_NE(recorder.docs[0].skipped->find("5000"), std::string::npos);
  EXPECT_TRUE(recorder.docs[0].chunks.empty());
  ASSERT_TRUE(recorder.docs[1].skipped);
  EXPECT_EQ(recorder.docs[1].end_info.path, (dir.path() / "missing.txt").string());
}

TEST(SourcesText, UnreadableFileIsSkipped) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads everything";
  TempDir dir;
  auto file = dir.write("secret.txt", "x\n");
  std::filesystem::permissions(file, std::filesystem::perms::none);
  Recorder recorder;
  read_document(file, ReadOptions{}, recorder);
  EXPECT_TRUE(recorder.only().skipped);
}

TEST(SourcesText, PlainUtf8KindAllowsSplittingOnlyForUntranslatedText) {
  TempDir dir;
  EXPECT_EQ(plain_utf8_kind(dir.write("a.txt", "张三\n")), DocumentKind::text);
  EXPECT_EQ(plain_utf8_kind(dir.write("a.csv", "a,b\n1,2\n")), DocumentKind::csv);
  EXPECT_EQ(plain_utf8_kind(dir.write("g.txt", iconv_to("GB18030", "张三李四王五\n"))),
            std::nullopt);
  EXPECT_EQ(plain_utf8_kind(dir.write("bom.txt", "\xef\xbb\xbfx\n")), std::nullopt);
  EXPECT_EQ(plain_utf8_kind(dir.write("j.json", "{}")), std::nullopt);
  EXPECT_EQ(plain_utf8_kind(dir.path() / "missing"), std::nullopt);
}

TEST(SourcesText, KindNames) {
  EXPECT_EQ(to_string(DocumentKind::xlsx), "xlsx");
  EXPECT_EQ(to_string(DocumentKind::archive), "archive");
  EXPECT_EQ(to_string(DocumentKind::binary), "binary");
}

TEST(SourcesText, SniffsByMagicBeforeExtension) {
  using detail::sniff_kind;
  EXPECT_EQ(sniff_kind("x.txt", "%PDF-1.7\n"), DocumentKind::pdf);
  EXPECT_EQ(sniff_kind("x.csv", "\x1f\x8b\x08"), DocumentKind::archive);
  EXPECT_EQ(sniff_kind("report.xlsx", "PK\x03\x04"), DocumentKind::xlsx);
  EXPECT_EQ(sniff_kind("a.zip", "PK\x03\x04...."), DocumentKind::archive);
  EXPECT_EQ(sniff_kind("noext", std::string("PK\x03\x04[Content_Types].xml word/document.xml")),
            DocumentKind::docx);
  EXPECT_EQ(sniff_kind("dump.SQL", "INSERT"), DocumentKind::text);
  EXPECT_EQ(sniff_kind("a.TSV", "x"), DocumentKind::csv);
  EXPECT_EQ(sniff_kind("a.ndjson", "{}"), DocumentKind::json);
  EXPECT_EQ(sniff_kind("a.bin",
                       "\x7f"
                       "ELF"),
            DocumentKind::binary);
}

}  // namespace
}  // namespace paicha::sources
