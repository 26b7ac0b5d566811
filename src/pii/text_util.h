#pragma once
// Small byte-level helpers for UTF-8 text, shared by the extractors and validators.
#include <cstddef>
#include <string_view>

namespace paicha::pii {

inline bool is_digit(char c) {
  return c >= '0' && c <= '9';
}
inline bool is_alpha(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
inline bool is_alnum(char c) {
  return is_digit(c) || is_alpha(c);
}

// Byte classes of e-mail addresses, one load per byte in the address loops.
inline constexpr struct EmailBytes {
  static constexpr unsigned char kLocal = 1, kDomain = 2;
  unsigned char classes[256] = {};
  constexpr EmailBytes() {
    for (unsigned c = 0; c < 256; ++c) {
      bool alnum = (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
      if (alnum || c == '.' || c == '_' || c == '%' || c == '+' || c == '-') classes[c] |= kLocal;
      if (alnum || c == '.' || c == '-') classes[c] |= kDomain;
    }
  }
} kEmailBytes;
// [A-Za-z0-9._%+-]
inline bool is_email_local_char(char c) {
  return kEmailBytes.classes[static_cast<unsigned char>(c)] & EmailBytes::kLocal;
}
// [A-Za-z0-9.-]
inline bool is_domain_char(char c) {
  return kEmailBytes.classes[static_cast<unsigned char>(c)] & EmailBytes::kDomain;
}

// The code point of the CJK ideograph (U+3400..U+9FFF) at `text[pos]`, or 0.
inline unsigned cjk_code_point(std::string_view text, size_t pos) {
  if (pos + 3 > text.size()) return 0;
  auto b0 = static_cast<unsigned char>(text[pos]);
  auto b1 = static_cast<unsigned char>(text[pos + 1]);
  auto b2 = static_cast<unsigned char>(text[pos + 2]);
  if ((b0 & 0xF0) != 0xE0 || (b1 & 0xC0) != 0x80 || (b2 & 0xC0) != 0x80) return 0;
  unsigned cp = ((b0 & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
  return (cp >= 0x3400 && cp <= 0x9FFF) ? cp : 0;
}

// Length in bytes of the CJK ideograph (U+3400..U+9FFF) at `text[pos]`, or 0.
inline size_t cjk_at(std::string_view text, size_t pos) {
  return cjk_code_point(text, pos) ? 3 : 0;
}

// Number of CJK characters if `text` consists only of them, else 0.
inline size_t cjk_count(std::string_view text) {
  size_t n = 0;
  for (size_t i = 0; i < text.size(); i += 3) {
    if (!cjk_at(text, i)) return 0;
    ++n;
  }
  return n;
}

// Where a part of `text` that starts at `begin` and holds at most `max_bytes` ends: after its
// last newline, so that huge texts are cut between lines (mid-line only for a line longer
// than `max_bytes`).
inline size_t line_aligned_end(std::string_view text, size_t begin, size_t max_bytes) {
  if (text.size() - begin <= max_bytes) return text.size();
  size_t end = begin + max_bytes;
  size_t nl = text.rfind('\n', end - 1);
  return nl == std::string_view::npos || nl < begin ? end : nl + 1;
}

inline std::string_view trim(std::string_view s) {
  while (!s.empty() &&
         (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
    s.remove_prefix(1);
  while (!s.empty() &&
         (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

}  // namespace paicha::pii
