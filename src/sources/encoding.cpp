#include "sources/encoding.h"

#include <uchardet.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "core/i18n.h"

namespace paicha::sources::detail {
namespace {

constexpr size_t kDecodeBlock = 1 << 18;

// A text file has at most a few stray control bytes; binary formats have many.
bool looks_binary(std::string_view head) {
  if (head.find('\0') != std::string_view::npos) return true;
  size_t controls = 0;
  for (unsigned char c : head) {
    if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b) ||
        c == 0x7f) {
      ++controls;
    }
  }
  return controls * 10 > head.size();
}

// UTF-16 without a BOM shows up as NUL in every other byte for Latin text.
std::string guess_utf16_without_bom(std::string_view head) {
  size_t pairs = std::min<size_t>(head.size(), 4096) / 2;
  if (pairs < 8) return "";
  size_t even_nul = 0, odd_nul = 0;
  for (size_t i = 0; i < pairs; ++i) {
    even_nul += head[2 * i] == '\0';
    odd_nul += head[2 * i + 1] == '\0';
  }
  if (odd_nul * 10 > pairs * 4 && even_nul * 20 < pairs) return "utf-16le";
  if (even_nul * 10 > pairs * 4 && odd_nul * 20 < pairs) return "utf-16be";
  return "";
}

// Structural GB18030 check: returns the number of multibyte characters, or -1 if invalid.
long gb18030_multibyte_chars(std::string_view data, bool complete) {
  long multibyte = 0;
  size_t i = 0, n = data.size();
  auto at = [&](size_t k) { return static_cast<unsigned char>(data[k]); };
  while (i < n) {
    unsigned char c = at(i);
    if (c < 0x80) {
      ++i;
      continue;
    }
    if (c == 0x80 || c == 0xff) return -1;
    if (i + 1 >= n) return complete ? -1 : multibyte;
    unsigned char c2 = at(i + 1);
    if ((c2 >= 0x40 && c2 <= 0x7e) || (c2 >= 0x80 && c2 <= 0xfe)) {
      i += 2;
    } else if (c2 >= 0x30 && c2 <= 0x39) {
      if (i + 3 >= n) return complete ? -1 : multibyte;
      unsigned char c3 = at(i + 2), c4 = at(i + 3);
      if (c3 < 0x81 || c3 > 0xfe || c4 < 0x30 || c4 > 0x39) return -1;
      i += 4;
    } else {
      return -1;
    }
    ++multibyte;
  }
  return multibyte;
}

std::string uchardet_guess(std::string_view head) {
  std::unique_ptr<std::remove_pointer_t<uchardet_t>, decltype(&uchardet_delete)> ud(
      uchardet_new(), &uchardet_delete);
  if (!ud) return "";
  uchardet_handle_data(ud.get(), head.data(), head.size());
  uchardet_data_end(ud.get());
  const char* charset = uchardet_get_charset(ud.get());
  std::string upper = charset ? charset : "";
  std::transform(upper.begin(), upper.end(), upper.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return upper;
}

bool iconv_knows(const std::string& name) {
  iconv_t cd = iconv_open("UTF-8", name.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  iconv_close(cd);
  return true;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Not UTF-8: uchardet decides, with a bias to GB18030 because that is what Chinese exports
// use and uchardet often calls short GBK samples a Western single-byte code page.
std::string guess_legacy(std::string_view head, bool complete) {
  long gb_chars = gb18030_multibyte_chars(head, complete);
  std::string detected = uchardet_guess(head);
  bool gb_family = detected == "GB18030" || detected == "GBK" || detected == "GB2312" ||
                   detected == "EUC-CN" || detected == "HZ-GB-2312";
  bool single_byte = detected.starts_with("ISO-8859") || detected.starts_with("WINDOWS-125") ||
                     detected.starts_with("IBM") || detected.starts_with("MAC") ||
                     detected.starts_with("KOI8") || detected.starts_with("CP");
  if (gb_family || detected.empty() || detected == "ASCII" || detected == "UTF-8") {
    return "gb18030";
  }
  if (single_byte && gb_chars > 0) return "gb18030";
  if (iconv_knows(detected)) return lower(detected);
  return "gb18030";
}

}  // namespace

bool is_valid_utf8(std::string_view data, bool complete) {
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  size_t n = data.size(), i = 0;
  while (i < n) {
    // ASCII fast path, 8 bytes at a time.
    while (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, p + i, 8);
      if (word & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= n) break;
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t min_cp;
    uint32_t cp;
    if (c >= 0xc2 && c <= 0xdf) {
      len = 2, min_cp = 0x80, cp = c & 0x1f;
    } else if (c >= 0xe0 && c <= 0xef) {
      len = 3, min_cp = 0x800, cp = c & 0x0f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      len = 4, min_cp = 0x10000, cp = c & 0x07;
    } else {
      return false;
    }
    if (i + len > n) {
      // The block ends inside a character: fine unless this is the whole input.
      for (size_t k = i + 1; k < n; ++k) {
        if ((p[k] & 0xc0) != 0x80) return false;
      }
      return !complete;
    }
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xc0) != 0x80) return false;
      cp = (cp << 6) | (p[i + k] & 0x3f);
    }
    if (cp < min_cp || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += len;
  }
  return true;
}

size_t utf8_cut(std::string_view data, size_t max) {
  if (data.size() <= max) return data.size();
  size_t cut = max;
  while (cut > 0 && max - cut < 3 && (static_cast<unsigned char>(data[cut]) & 0xc0) == 0x80) {
    --cut;
  }
  return cut == 0 ? max : cut;
}

EncodingGuess detect_encoding(std::string_view head, bool complete) {
  EncodingGuess guess;
  auto starts = [&](std::string_view bom) { return head.starts_with(bom); };
  if (starts("\xef\xbb\xbf")) {
    guess.name = "utf-8";
    guess.bom_bytes = 3;
    return guess;
  }
  if (starts("\xff\xfe") && !starts(std::string_view("\xff\xfe\0\0", 4))) {
    guess.name = "utf-16le";
    guess.bom_bytes = 2;
    return guess;
  }
  if (starts("\xfe\xff")) {
    guess.name = "utf-16be";
    guess.bom_bytes = 2;
    return guess;
  }
  if (std::string utf16 = guess_utf16_without_bom(head); !utf16.empty()) {
    guess.name = utf16;
    return guess;
  }
  if (looks_binary(head)) {
    guess.binary = true;
    return guess;
  }
  if (is_valid_utf8(head, complete)) {
    bool ascii = std::none_of(head.begin(), head.end(),
                              [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
    guess.name = ascii ? "ascii" : "utf-8";
    return guess;
  }
  guess.name = guess_legacy(head, complete);
  return guess;
}

Utf8DecodingSource::Utf8DecodingSource(std::string_view encoding, ByteSource& raw) : raw_(raw) {
  std::string name(encoding);
  cd_ = iconv_open("UTF-8", name.c_str());
  if (cd_ == reinterpret_cast<iconv_t>(-1)) {
    throw SourceError(fmt::format("{}: {}", tr("不支持的字符编码", "unsupported encoding"), name));
  }
  if (name.starts_with("utf-16") || name.starts_with("UTF-16")) unit_ = 2;
  in_.resize(kDecodeBlock);
}

Utf8DecodingSource::~Utf8DecodingSource() {
  iconv_close(cd_);
}

bool Utf8DecodingSource::refill() {
  if (raw_done_) return false;
  size_t pending = in_end_ - in_pos_;
  if (pending > 0 && in_pos_ > 0) std::memmove(in_.data(), in_.data() + in_pos_, pending);
  in_pos_ = 0;
  in_end_ = pending;
  size_t got = raw_.read(in_.data() + in_end_, in_.size() - in_end_);
  if (got == 0) {
    raw_done_ = true;
    return false;
  }
  in_end_ += got;
  return true;
}

size_t Utf8DecodingSource::read(char* out, size_t n) {
  if (spill_pos_ < spill_.size()) {
    size_t take = std::min(n, spill_.size() - spill_pos_);
    std::memcpy(out, spill_.data() + spill_pos_, take);
    spill_pos_ += take;
    return take;
  }
  if (n >= 16) return convert(out, n);
  // A tiny buffer might not hold one character: convert into a scratch block and keep the rest.
  char scratch[64];
  size_t got = convert(scratch, sizeof scratch);
  size_t take = std::min(n, got);
  std::memcpy(out, scratch, take);
  spill_.assign(scratch + take, got - take);
  spill_pos_ = 0;
  return take;
}

size_t Utf8DecodingSource::convert(char* out, size_t n) {
  static constexpr std::string_view kReplacement = "\xef\xbf\xbd";
  char* op = out;
  size_t out_left = n;
  for (;;) {
    if (in_pos_ == in_end_) {
      if (op != out) return static_cast<size_t>(op - out);
      if (!refill()) return 0;
    }
    char* ip = in_.data() + in_pos_;
    size_t in_left = in_end_ - in_pos_;
    size_t rc = iconv(cd_, &ip, &in_left, &op, &out_left);
    in_pos_ = in_end_ - in_left;
    if (rc != static_cast<size_t>(-1)) continue;
    int error = errno;
    if (error == E2BIG) return static_cast<size_t>(op - out);
    if (error == EINVAL && refill()) continue;  // a character split across reads
    // EILSEQ, or EINVAL at the very end: replace and step over the bad bytes.
    if (out_left < kReplacement.size()) return static_cast<size_t>(op - out);
    ++invalid_;
    std::memcpy(op, kReplacement.data(), kReplacement.size());
    op += kReplacement.size();
    out_left -= kReplacement.size();
    in_pos_ = error == EINVAL ? in_end_ : std::min(in_end_, in_pos_ + unit_);
  }
}

}  // namespace paicha::sources::detail
