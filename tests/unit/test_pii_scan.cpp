#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "pii/csv_context.h"
#include "pii/field_classifier.h"
#include "pii/mask_file.h"
#include "pii/scan_files.h"
#include "pii/scan_output.h"
#include "pii/scanner.h"

using namespace paicha::pii;
namespace fs = std::filesystem;

namespace {

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("paicha-pii-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  fs::path write(const std::string& name, const std::string& content) const {
    std::ofstream(path_ / name, std::ios::binary) << content;
    return path_ / name;
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
  static inline int counter_ = 0;
};

const std::string kCsv =
    "姓名,身份证号,手机,备注\n"
    "张三,11010519491231002X,13812345678,订单20230101123456789\n"
    "李四,110105194912310021,13912345678,无\n";

}  // namespace

TEST(PiiFieldClassifier, HeadersAndKeys) {
  EXPECT_EQ(classify_field("身份证号"), PiiType::cn_id);
  EXPECT_EQ(classify_field("客户手机"), PiiType::mobile);
  EXPECT_EQ(classify_field("id_card"), PiiType::cn_id);
  EXPECT_EQ(classify_field("Mobile"), PiiType::mobile);
  EXPECT_EQ(classify_field("real_name"), PiiType::name);
  EXPECT_EQ(classify_field("家庭住址"), PiiType::address);
  EXPECT_FALSE(classify_field("备注").has_value());
  EXPECT_FALSE(classify_field("username").has_value());
}

TEST(PiiScanner, CsvColumnsGiveContextAndClassification) {
  DocumentScanner scanner({});
  paicha::sources::DocumentInfo info{"t.csv", paicha::sources::DocumentKind::csv, "utf-8", 10};
  scanner.delimiter = ',';
  scanner.begin_document(info);
  scanner.header({"姓名", "身份证号", "手机", "备注"});
  std::string rows = kCsv.substr(kCsv.find('\n') + 1);
  scanner.text(rows, {2, "", 0}, "");
  scanner.end_document(info, std::nullopt);
  auto results = scanner.take_results();
  ASSERT_EQ(results.size(), 1u);
  const auto& r = results[0];
  EXPECT_EQ(r.counts[PiiType::name], 2u);
  EXPECT_EQ(r.counts[PiiType::cn_id], 1u);  // the second ID has a wrong check digit
  EXPECT_EQ(r.counts[PiiType::mobile], 2u);
  ASSERT_EQ(r.columns.size(), 4u);
  EXPECT_EQ(r.columns[1].type(), PiiType::cn_id);
  EXPECT_EQ(r.columns[1].confidence(), "high");
  EXPECT_EQ(r.columns[2].counts[PiiType::mobile], 2u);
  EXPECT_FALSE(r.columns[3].type().has_value());
  EXPECT_EQ(r.samples[static_cast<size_t>(PiiType::mobile)][0], "138****5678");
}

TEST(PiiScanner, JsonKeyMakesNameAndLocationsCountLines) {
  DetectOptions options;
  options.locations = true;
  DocumentScanner scanner(options);
  paicha::sources::DocumentInfo info{"t.json", paicha::sources::DocumentKind::json, "utf-8", 10};
  scanner.begin_document(info);
  scanner.text("王小明", {3, "", 0}, "name");
  scanner.text("line one\nline two 13812345678\n", {10, "", 0}, "");
  scanner.end_document(info, std::nullopt);
  auto r = scanner.take_results().at(0);
  EXPECT_EQ(r.counts[PiiType::name], 1u);
  ASSERT_EQ(r.locations.size(), 2u);
  EXPECT_EQ(r.locations[0].line, 3u);
  EXPECT_EQ(r.locations[1].line, 11u);
  EXPECT_EQ(r.locations[1].sample, "138****5678");
}

TEST(PiiScanFiles, SplitRangesGiveTheSameCountsAsOneThread) {
  TempDir dir;
  // A CSV large enough to be split into ranges, with a known number of values.
  std::string csv = "姓名,身份证号,手机\n";
  const int rows = 30000;
  for (int i = 0; i < rows; ++i)
    csv += (i % 2 ? "张三" : "李四") + std::string(",11010519491231002X,1381234") +
           std::to_string(1000 + i % 9000) + "\n";
  auto file = dir.write("big.csv", csv);
  ScanOptions one;
  one.threads = 1;
  one.detect.locations = true;
  one.detect.max_locations = SIZE_MAX;
  ScanOptions split = one;
  split.threads = 4;
  split.split_threshold = 64 * 1024;
  split.read.chunk_bytes = 16 * 1024;
  auto a = scan_paths({file}, one);
  auto b = scan_paths({file}, split);
  ASSERT_EQ(a.files.size(), 1u);
  ASSERT_EQ(b.files.size(), 1u);
  EXPECT_EQ(a.totals[PiiType::cn_id], static_cast<uint64_t>(rows));
  EXPECT_EQ(a.totals[PiiType::name], static_cast<uint64_t>(rows));
  EXPECT_EQ(a.totals.n, b.totals.n);
  ASSERT_EQ(a.files[0].locations.size(), b.files[0].locations.size());
  // Line numbers agree across the ranges: the last row is line rows + 1.
  EXPECT_EQ(b.files[0].locations.back().line, static_cast<uint64_t>(rows + 1));
  EXPECT_EQ(a.files[0].locations.back().line, static_cast<uint64_t>(rows + 1));
  EXPECT_EQ(b.files[0].columns.at(1).counts[PiiType::cn_id], static_cast<uint64_t>(rows));
}

TEST(PiiScanFiles, UnreadableFileIsSkippedNotFatal) {
  TempDir dir;
  dir.write("ok.txt", "call 13812345678\n");
  dir.write("blob.bin", std::string("\x7f"
                                    "ELF\x02\x01\x01\x00\x00\x00\x00\x00",
                                    12) +
                            std::string(4096, '\0') + "13812345678");
  ScanOptions options;
  auto report = scan_paths({dir.path()}, options);
  ASSERT_EQ(report.files.size(), 2u);
  int skipped = 0;
  for (const auto& f : report.files) {
    if (f.skipped) {
      ++skipped;
      EXPECT_FALSE(f.skipped->empty());
    }
  }
  EXPECT_EQ(skipped, 1);
  EXPECT_EQ(report.totals[PiiType::mobile], 1u);
}

TEST(PiiScanOutput, JsonSchemaAndCsv) {
  ScanReport report;
  FileResult f;
  f.path = "a.csv";
  f.encoding = "utf-8";
  f.bytes = 12;
  f.counts[PiiType::mobile] = 2;
  report.files.push_back(f);
  FileResult s;
  s.path = "b.bin";
  s.skipped = "binary";
  report.files.push_back(s);
  report.totals[PiiType::mobile] = 2;
  auto j = to_json(report, false);
  EXPECT_EQ(j["files"][0]["path"], "a.csv");
  EXPECT_EQ(j["files"][0]["counts"]["mobile"], 2);
  EXPECT_TRUE(j["files"][0]["skipped"].is_null());
  EXPECT_EQ(j["files"][1]["skipped"], "binary");
  EXPECT_EQ(j["totals"]["mobile"], 2);
  std::string csv = to_csv(report, false);
  EXPECT_NE(csv.find("a.csv,utf-8,12,,0,2,"), std::string::npos) << csv;
}

TEST(PiiMaskFile, CsvRoundTripAndGbkKept) {
  TempDir dir;
  auto in = dir.write("people.csv", kCsv);
  std::string masked;
  auto result = mask_file(in, TypeSet::all(), [&](std::string_view s) { masked.append(s); });
  EXPECT_EQ(result.masked[PiiType::name], 2u);
  EXPECT_EQ(result.masked[PiiType::cn_id], 1u);
  EXPECT_NE(masked.find("张*,110105********002X,138****5678"), std::string::npos) << masked;
  // Look-alikes stay as they are: the format is kept, only real values change.
  EXPECT_NE(masked.find("110105194912310021"), std::string::npos);
  auto out = dir.write("masked.csv", masked);
  auto again = scan_paths({out}, ScanOptions{});
  EXPECT_EQ(again.totals.total(), 0u);

  // GB18030 in, GB18030 out: "张三" is D5C5 C8FD.
  std::string gbk = "\xD0\xD5\xC3\xFB,\xCA\xD6\xBB\xFA\n\xD5\xC5\xC8\xFD,13812345678\n";
  auto gin = dir.write("gbk.csv", gbk);
  std::string gout;
  auto g = mask_file(gin, TypeSet::all(), [&](std::string_view s) { gout.append(s); });
  EXPECT_EQ(g.encoding, "gb18030");
  EXPECT_EQ(gout, "\xD0\xD5\xC3\xFB,\xCA\xD6\xBB\xFA\n\xD5\xC5*,138****5678\n");
}
