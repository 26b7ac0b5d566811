// The per-instruction-set copies of the window mask loops against their plain definition, and
// the tokenizer's window-at-a-time filtering against itself at every alignment: a value that
// falls inside one window is filtered by masks, one that crosses a window edge is not.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "pii/email_around.h"
#include "pii/numeric_tokens.h"
#include "pii/window_masks.h"

using namespace paicha::pii;
using namespace paicha::pii::bytes;

namespace {

std::vector<Isa> supported_isas() {
  std::vector<Isa> out;
  for (Isa isa : {Isa::scalar, Isa::sse2, Isa::avx2, Isa::avx512bw})
    if (isa_supported(isa)) out.push_back(isa);
  return out;
}

std::string random_bytes(std::mt19937& rng, size_t n) {
  // Half of the bytes from the classes the masks tell apart, half anything at all.
  const std::string classes = "09azAZ@*\"\n,\t;|`/:[{ \x80\xff.-_%+";
  std::string s(n, '\0');
  for (char& c : s)
    c = rng() % 2 ? classes[rng() % classes.size()] : static_cast<char>(rng() % 256);
  return s;
}

}  // namespace

TEST(PiiWindowMasks, EveryInstructionSetAgreesWithThePlainDefinition) {
  std::mt19937 rng(5);
  const auto isas = supported_isas();
  ASSERT_GE(isas.size(), 1u);
  EXPECT_TRUE(isa_supported(best_isa())) << isa_name(best_isa());
  for (int round = 0; round < 50; ++round) {
    const size_t windows = 1 + rng() % 9;
    const std::string text = random_bytes(rng, windows * kWindow);
    std::vector<TokenMasks> want(windows), got(windows);
    token_masks(text.data(), windows, want.data(), Isa::scalar);
    std::vector<CsvMasks> want_csv(windows), got_csv(windows);
    const char delimiter = ",\t;|"[round % 4];
    csv_masks(text.data(), windows, delimiter, want_csv.data(), Isa::scalar);
    EmailMasks want_email;
    email_masks(text.data(), &want_email, Isa::scalar);
    for (Isa isa : isas) {
      EmailMasks got_email;
      email_masks(text.data(), &got_email, isa);
      ASSERT_EQ(got_email.alnum, want_email.alnum) << isa_name(isa);
      ASSERT_EQ(got_email.digits, want_email.digits) << isa_name(isa);
      ASSERT_EQ(got_email.dots, want_email.dots) << isa_name(isa);
      ASSERT_EQ(got_email.hyphens, want_email.hyphens) << isa_name(isa);
      ASSERT_EQ(got_email.local_marks, want_email.local_marks) << isa_name(isa);
      token_masks(text.data(), windows, got.data(), isa);
      csv_masks(text.data(), windows, delimiter, got_csv.data(), isa);
      for (size_t k = 0; k < windows; ++k) {
        ASSERT_EQ(got[k].alnum, want[k].alnum) << isa_name(isa) << " window " << k;
        ASSERT_EQ(got[k].digits, want[k].digits) << isa_name(isa) << " window " << k;
        ASSERT_EQ(got[k].marks, want[k].marks) << isa_name(isa) << " window " << k;
        ASSERT_EQ(got_csv[k].quotes, want_csv[k].quotes) << isa_name(isa) << " window " << k;
        ASSERT_EQ(got_csv[k].newlines, want_csv[k].newlines) << isa_name(isa);
        ASSERT_EQ(got_csv[k].delimiters, want_csv[k].delimiters) << isa_name(isa);
      }
    }
  }
  // The plain definition itself, on bytes whose class is known.
  std::string window(kWindow, '#');
  window[0] = '0';
  window[1] = 'z';
  window[2] = '@';
  window[3] = '*';
  window[63] = 'Q';
  TokenMasks m;
  token_masks(window.data(), 1, &m, Isa::scalar);
  EXPECT_EQ(m.digits, 1u);
  EXPECT_EQ(m.alnum, 0b11u | (uint64_t{1} << 63));
  EXPECT_EQ(m.marks, 0b1100u);
}

TEST(PiiWindowMasks, TokensAreFoundAtEveryAlignment) {
  // Values of every digit-led type, look-alikes, and noise tokens of every length around them.
  const std::vector<std::string> pieces = {"11010519491231002X",
                                           "110105491231002",
                                           "13812345678",
                                           "138 1234 5678",
                                           "+8613812345678",
                                           "6222021234567890128",
                                           "622848123456789012",
                                           "6222 0212 3456 7890 128",
                                           "91350100M000100Y43",
                                           "010-62345678",
                                           "(021)52345678",
                                           "10.1.2.3",
                                           "E12345678",
                                           "EA1234567",
                                           "13812345679",
                                           "abcdefghijk",
                                           "a1b2c3d4e5f6g7h8i9",
                                           "2024-02-14",
                                           "12345678901234567890",
                                           "x",
                                           "42",
                                           "ab12",
                                           "金额55046.72"};
  const std::string seps[] = {" ", ",", "\n", ";", "、", "  "};
  std::mt19937 rng(3);
  for (int round = 0; round < 40; ++round) {
    std::string text;
    while (text.size() < 700) {
      text += pieces[rng() % pieces.size()];
      text += seps[rng() % std::size(seps)];
    }
    std::vector<Match> base;
    std::vector<size_t> base_marks;
    find_numeric_tokens(text, TypeSet::all(), base, &base_marks);
    ASSERT_FALSE(base.empty());
    for (size_t shift = 1; shift <= kWindow; ++shift) {
      std::string shifted = std::string(shift, ' ') + text;
      std::vector<Match> got;
      find_numeric_tokens(shifted, TypeSet::all(), got);
      ASSERT_EQ(got.size(), base.size()) << "round " << round << " shift " << shift;
      for (size_t i = 0; i < got.size(); ++i) {
        ASSERT_EQ(got[i].type, base[i].type) << "round " << round << " shift " << shift;
        ASSERT_EQ(got[i].begin, base[i].begin + shift) << "round " << round << " shift " << shift;
        ASSERT_EQ(got[i].end, base[i].end + shift) << "round " << round << " shift " << shift;
      }
    }
  }
}

TEST(PiiWindowMasks, EmailFromMasksEqualsTheByteLoop) {
  // Addresses and near-misses (dots and hyphens at label edges, digits in the TLD, long runs),
  // with the "@" at every distance from the window edges.
  const std::vector<std::string> pieces = {"zhang.san@example.com.cn",
                                           "a+b@qq.com",
                                           "a..b@qq.com",
                                           "ab@localhost",
                                           "ab@example.c0m",
                                           ".x@y.com",
                                           "x.@y.com",
                                           "x@-y.com",
                                           "x@y-.com",
                                           "x@y..com",
                                           "x@y.com.",
                                           "x@y.com-",
                                           "x@y.co-m",
                                           "x_%+@a-b.c.d.org",
                                           "@@a.cn",
                                           "a@b.c",
                                           "user@" + std::string(70, 'd') + ".com",
                                           std::string(80, 'l') + "@mail.com",
                                           "mid@dle@ex.com",
                                           "n@1.2.3.4",
                                           "UP@EXAMPLE.COM"};
  const std::string seps[] = {" ", ",", "\n", "、", "<", ".", "-"};
  std::mt19937 rng(9);
  size_t found = 0;
  for (int round = 0; round < 300; ++round) {
    std::string text(rng() % 70, 'q');
    while (text.size() < 400) {
      text += pieces[rng() % pieces.size()];
      text += seps[rng() % std::size(seps)];
    }
    for (size_t at = 0; at < text.size(); ++at) {
      if (text[at] != '@') continue;
      size_t b1 = 0, e1 = 0, b2 = 0, e2 = 0;
      bool fast = email_around(text, at, b1, e1);
      bool plain = email_around_plain(text, at, b2, e2);
      ASSERT_EQ(fast, plain) << "round " << round << " at " << at << ": "
                             << text.substr(at > 20 ? at - 20 : 0, 40);
      if (fast) {
        ASSERT_EQ(b1, b2) << text.substr(b2, e2 - b2);
        ASSERT_EQ(e1, e2) << text.substr(b2, e2 - b2);
        ++found;
      }
    }
  }
  EXPECT_GT(found, 1000u);
}
