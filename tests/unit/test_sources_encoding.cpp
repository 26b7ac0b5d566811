#include <gtest/gtest.h>

#include <cstring>
#include <string>

#include "sources/encoding.h"
#include "test_sources_util.h"

namespace paicha::sources::detail {
namespace {

using testing::iconv_to;

const std::string kChinese =
    "姓名：张三，身份证号：11010519491231002X，手机：13800138000，住址：北京市朝阳区建国路88号。\n";

// Hands out its data a few bytes at a time, so multibyte characters straddle reads.
class TrickleSource final : public ByteSource {
 public:
  TrickleSource(std::string data, size_t step) : data_(std::move(data)), step_(step) {}
  size_t read(char* out, size_t n) override {
    size_t take = std::min({n, step_, data_.size() - pos_});
    std::memcpy(out, data_.data() + pos_, take);
    pos_ += take;
    return take;
  }

 private:
  std::string data_;
  size_t step_;
  size_t pos_ = 0;
};

std::string decode_all(const std::string& encoding, const std::string& bytes, size_t step,
                       size_t out_block, uint64_t* invalid = nullptr) {
  TrickleSource raw(bytes, step);
  Utf8DecodingSource decoder(encoding, raw);
  std::string out;
  char block[4096];
  for (;;) {
    size_t got = decoder.read(block, out_block);
    if (got == 0) break;
    out.append(block, got);
  }
  if (invalid) *invalid = decoder.invalid_sequences();
  return out;
}

TEST(SourcesEncoding, DetectsUtf8AndAscii) {
  EXPECT_EQ(detect_encoding("hello world\n", true).name, "ascii");
  auto guess = detect_encoding(kChinese, true);
  EXPECT_EQ(guess.name, "utf-8");
  EXPECT_EQ(guess.bom_bytes, 0u);
  EXPECT_FALSE(guess.binary);
}

TEST(SourcesEncoding, DetectsByteOrderMarks) {
  auto utf8 = detect_encoding("\xef\xbb\xbf" + kChinese, true);
  EXPECT_EQ(utf8.name, "utf-8");
  EXPECT_EQ(utf8.bom_bytes, 3u);
  auto le = detect_encoding("\xff\xfe" + iconv_to("UTF-16LE", kChinese), true);
  EXPECT_EQ(le.name, "utf-16le");
  EXPECT_EQ(le.bom_bytes, 2u);
  auto be = detect_encoding("\xfe\xff" + iconv_to("UTF-16BE", kChinese), true);
  EXPECT_EQ(be.name, "utf-16be");
  EXPECT_EQ(be.bom_bytes, 2u);
}

TEST(SourcesEncoding, DetectsGbkAsGb18030) {
  std::string gbk = iconv_to("GBK", kChinese + kChinese);
  auto guess = detect_encoding(gbk, true);
  EXPECT_EQ(guess.name, "gb18030");
  EXPECT_FALSE(guess.binary);
  // Even a short sample, which uchardet alone may call a Western code page.
  EXPECT_EQ(detect_encoding(iconv_to("GBK", "张三,男\n"), true).name, "gb18030");
}

TEST(SourcesEncoding, DetectsBinary) {
  EXPECT_TRUE(detect_encoding(std::string("\x01\x02\x00\x05garbage", 11), true).binary);
  std::string controls(200, '\x01');
  EXPECT_TRUE(detect_encoding(controls, true).binary);
  EXPECT_FALSE(detect_encoding("a\tb\r\n\x1b[31mred\x1b[0m\n", true).binary);
}

TEST(SourcesEncoding, Utf8Validation) {
  EXPECT_TRUE(is_valid_utf8(kChinese, true));
  std::string cut = kChinese.substr(0, 4);  // "姓" is 3 bytes, then 1 byte of "名"
  EXPECT_TRUE(is_valid_utf8(cut, false));
  EXPECT_FALSE(is_valid_utf8(cut, true));
  EXPECT_FALSE(is_valid_utf8("\xc0\xaf", true));      // overlong
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80", true));  // surrogate
  EXPECT_FALSE(is_valid_utf8("abc\xff", false));
}

TEST(SourcesEncoding, Utf8CutNeverSplitsACharacter) {
  std::string text = "张三李四";  // 12 bytes
  for (size_t max = 1; max <= 12; ++max) {
    size_t cut = utf8_cut(text, max);
    ASSERT_LE(cut, max);
    if (max >= 3) {
      EXPECT_EQ(cut % 3, 0u) << max;
    }
  }
  EXPECT_EQ(utf8_cut("abc", 10), 3u);
}

TEST(SourcesEncoding, DecodesGb18030AcrossEveryReadBoundary) {
  std::string gbk = iconv_to("GB18030", kChinese);
  for (size_t step : {1, 2, 3, 5, 7, 4096}) {
    for (size_t out_block : {1, 3, 16, 4096}) {
      uint64_t invalid = 99;
      EXPECT_EQ(decode_all("gb18030", gbk, step, out_block, &invalid), kChinese)
          << step << "/" << out_block;
      EXPECT_EQ(invalid, 0u);
    }
  }
}

TEST(SourcesEncoding, DecodesUtf16BothEndians) {
  for (const char* name : {"utf-16le", "utf-16be"}) {
    std::string bytes = iconv_to(name[6] == 'l' ? "UTF-16LE" : "UTF-16BE", kChinese);
    EXPECT_EQ(decode_all(name, bytes, 3, 4096), kChinese) << name;
  }
}

TEST(SourcesEncoding, ReplacesInvalidBytesAndCounts) {
  std::string bytes = iconv_to("GB18030", "张三") + "\xff" + iconv_to("GB18030", "李四");
  uint64_t invalid = 0;
  EXPECT_EQ(decode_all("gb18030", bytes, 4096, 4096, &invalid), "张三\xef\xbf\xbd李四");
  EXPECT_EQ(invalid, 1u);
  // A character cut off by the end of the input is replaced too.
  std::string truncated = iconv_to("GB18030", "张三").substr(0, 3);
  EXPECT_EQ(decode_all("gb18030", truncated, 1, 4096, &invalid), "张\xef\xbf\xbd");
  EXPECT_EQ(invalid, 1u);
}

TEST(SourcesEncoding, UnknownEncodingNamesTheCulprit) {
  MemorySource raw("x");
  try {
    Utf8DecodingSource decoder("no-such-charset", raw);
    FAIL();
  } catch (const SourceError& e) {
    EXPECT_NE(std::string(e.what()).find("no-such-charset"), std::string::npos);
  }
}

}  // namespace
}  // namespace paicha::sources::detail
