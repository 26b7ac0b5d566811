#include <gtest/gtest.h>

#include <cstdlib>
#include <string>

#include "sources/reader.h"
#include "test_sources_util.h"

namespace paicha::sources {
namespace {

using testing::make_docx;
using testing::make_pptx;
using testing::make_xlsx;
using testing::Recorder;
using testing::TempDir;

TEST(SourcesXlsx, CellsCarryRefsAndHeaderFields) {
  Recorder recorder;
  detail::read_buffer(make_xlsx({{"姓名", "手机号", "身份证号"},
                                 {"张三", "13800138000", "11010519491231002X"},
                                 {"李四", "13912345678", "440305199003071234"}}),
                      "people.xlsx", ReadOptions{}, recorder);
  const auto& doc = recorder.only();
  EXPECT_EQ(doc.end_info.kind, DocumentKind::xlsx);
  EXPECT_FALSE(doc.skipped);
  EXPECT_EQ(doc.header, (std::vector<std::string>{"姓名", "手机号", "身份证号"}));
  const auto* phone = doc.find("13912345678");
  ASSERT_NE(phone, nullptr);
  EXPECT_EQ(phone->pos.cell, "人员!B3");
  EXPECT_EQ(phone->field, "手机号");
  const auto* id = doc.find("11010519491231002X");
  ASSERT_NE(id, nullptr);
  EXPECT_EQ(id->pos.cell, "人员!C2");
  EXPECT_EQ(id->field, "身份证号");
  EXPECT_EQ(doc.chunks.size(), 6u);  // the header row is not data
}

TEST(SourcesXlsx, FirstRowOfDataIsNotAHeader) {
  Recorder recorder;
  detail::read_buffer(make_xlsx({{"张三", "13800138000"}}), "x.xlsx", ReadOptions{}, recorder);
  EXPECT_TRUE(recorder.only().header.empty());
  ASSERT_NE(recorder.only().find("13800138000"), nullptr);
  EXPECT_EQ(recorder.only().find("13800138000")->pos.cell, "人员!B1");
}

TEST(SourcesDocx, ParagraphsWithNumbers) {
  Recorder recorder;
  detail::read_buffer(make_docx({"自查报告", "联系人：张三", "电话：13800138000"}), "r.docx",
                      ReadOptions{}, recorder);
  const auto& doc = recorder.only();
  EXPECT_EQ(doc.end_info.kind, DocumentKind::docx);
  EXPECT_EQ(doc.all_text(), "自查报告\n联系人：张三\n电话：13800138000\n");
  EXPECT_EQ(doc.chunks.front().pos.line, 1u);
}

TEST(SourcesPptx, SlidesAreLabelled) {
  Recorder recorder;
  detail::read_buffer(make_pptx({"封面", "手机 13800138000", "邮箱 a@example.com"}), "s.pptx",
                      ReadOptions{}, recorder);
  const auto& doc = recorder.only();
  EXPECT_EQ(doc.end_info.kind, DocumentKind::pptx);
  ASSERT_NE(doc.find("13800138000"), nullptr);
  EXPECT_EQ(doc.find("13800138000")->pos.cell, "slide 2");
  EXPECT_EQ(doc.find("a@example.com")->pos.cell, "slide 3");
}

TEST(SourcesOfficeDamaged, DamagedFilesAreSkippedWithReason) {
  Recorder recorder;
  detail::read_buffer("PK\x03\x04 this is not a zip", "bad.xlsx", ReadOptions{}, recorder);
  detail::read_buffer("%PDF-1.4\n garbage", "bad.pdf", ReadOptions{}, recorder);
  ASSERT_EQ(recorder.docs.size(), 2u);
  for (const auto& doc : recorder.docs) {
    ASSERT_TRUE(doc.skipped) << doc.end_info.path;
    EXPECT_FALSE(doc.skipped->empty());
  }
  EXPECT_EQ(recorder.docs[1].end_info.kind, DocumentKind::pdf);
}

// Real files made by LibreOffice: tests/integration/sources_formats.sh creates them and sets
// PAICHA_OFFICE_FIXTURES to their directory.
class SourcesOffice : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* dir = std::getenv("PAICHA_OFFICE_FIXTURES");
    if (!dir || !*dir) GTEST_SKIP() << "PAICHA_OFFICE_FIXTURES is not set";
    dir_ = dir;
  }
  const testing::RecordedDoc& read(const std::string& name) {
    read_document(dir_ / name, ReadOptions{}, recorder_);
    EXPECT_FALSE(recorder_.docs.empty());
    return recorder_.docs.back();
  }
  std::filesystem::path dir_;
  Recorder recorder_;
};

TEST_F(SourcesOffice, Xlsx) {
  const auto& doc = read("people.xlsx");
  EXPECT_EQ(doc.end_info.kind, DocumentKind::xlsx);
  EXPECT_FALSE(doc.skipped) << *doc.skipped;
  EXPECT_EQ(doc.header.at(0), "姓名");
  const auto* id = doc.find("11010519491231002X");
  ASSERT_NE(id, nullptr);
  EXPECT_EQ(id->field, "身份证号");
  EXPECT_TRUE(id->pos.cell.ends_with("!B2")) << id->pos.cell;
  EXPECT_NE(doc.find("13912345678"), nullptr);
}

TEST_F(SourcesOffice, Docx) {
  const auto& doc = read("report.docx");
  EXPECT_EQ(doc.end_info.kind, DocumentKind::docx);
  EXPECT_FALSE(doc.skipped);
  EXPECT_NE(doc.all_text().find("13800138000"), std::string::npos);
  EXPECT_NE(doc.all_text().find("北京市朝阳区"), std::string::npos);
}

TEST_F(SourcesOffice, Pdf) {
  const auto& doc = read("report.pdf");
  EXPECT_EQ(doc.end_info.kind, DocumentKind::pdf);
  EXPECT_FALSE(doc.skipped);
  const auto* phone = doc.find("13800138000");
  ASSERT_NE(phone, nullptr);
  EXPECT_EQ(phone->pos.page, 1u);
}

TEST_F(SourcesOffice, Pptx) {
  const auto& doc = read("slides.pptx");
  EXPECT_EQ(doc.end_info.kind, DocumentKind::pptx);
  EXPECT_FALSE(doc.skipped);
  const auto* phone = doc.find("13800138000");
  ASSERT_NE(phone, nullptr);
  EXPECT_TRUE(phone->pos.cell.starts_with("slide ")) << phone->pos.cell;
}

// Encodings, archives and edge cases made by the CLI tools (iconv, gzip, tar, python zipfile).
TEST_F(SourcesOffice, MixedTreeFromCliTools) {
  auto mixed = dir_ / "mixed";
  std::vector<std::string> files, errors;
  walk(
      {mixed}, ReadOptions{},
      [&](const std::filesystem::path& p) { files.push_back(p.lexically_relative(mixed)); },
      [&](const std::filesystem::path& p, std::string_view) {
        errors.push_back(p.lexically_relative(mixed));
      });
  EXPECT_EQ(files, (std::vector<std::string>{"broken.zip", "bundle.tar.gz", "gbk.txt",
                                             "longline.txt", "nested.zip", "plain.log.gz",
                                             "random.bin", "utf16.csv", "dir/plain.log"}));
  EXPECT_EQ(errors, (std::vector<std::string>{"dir/sub/loop"}));
  for (const auto& f : files) read_document(mixed / f, ReadOptions{}, recorder_);
  auto doc = [&](const std::string& rel) {
    const auto* d = recorder_.by_path((mixed / rel).string());
    EXPECT_NE(d, nullptr) << rel;
    static const testing::RecordedDoc empty;
    return d ? d : &empty;
  };
  EXPECT_EQ(doc("gbk.txt")->end_info.encoding, "gb18030");
  EXPECT_NE(doc("gbk.txt")->all_text().find("王五，手机：13700001111"), std::string::npos);
  EXPECT_EQ(doc("utf16.csv")->end_info.encoding, "utf-16le");
  EXPECT_EQ(doc("utf16.csv")->header, (std::vector<std::string>{"姓名", "手机号"}));
  EXPECT_EQ(doc("utf16.csv")->all_text(), "赵六,13600002222\n");
  EXPECT_EQ(doc("plain.log.gz!plain.log")->all_text(), "钱七 13500003333\n");
  EXPECT_EQ(doc("bundle.tar.gz!plain.log")->all_text(), "钱七 13500003333\n");
  EXPECT_NE(doc("nested.zip!inner.zip!deep/people.csv")->all_text().find("13400004444"),
            std::string::npos);
  EXPECT_TRUE(doc("broken.zip")->skipped);
  EXPECT_TRUE(doc("random.bin")->skipped);
  EXPECT_EQ(doc("random.bin")->end_info.kind, DocumentKind::binary);
  EXPECT_EQ(doc("longline.txt")->warnings.size(), 1u);
  EXPECT_NE(doc("longline.txt")->all_text().find("13800138000"), std::string::npos);
}

}  // namespace
}  // namespace paicha::sources
