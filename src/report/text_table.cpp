#include "report/text_table.h"

#include <algorithm>

namespace paicha::report {

namespace {

// Decodes one code point; invalid bytes count as one column each.
size_t next_code_point(std::string_view s, size_t i, char32_t& cp) {
  const auto b = static_cast<unsigned char>(s[i]);
  size_t len = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xe ? 3 : (b >> 3) == 0x1e ? 4 : 1;
  if (i + len > s.size()) len = 1;
  if (len == 1) {
    cp = b;
    return 1;
  }
  cp = b & (0xff >> (len + 1));
  for (size_t k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
  return len;
}

bool is_wide(char32_t cp) {
  return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf) ||
         (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
         (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
         (cp >= 0xffe0 && cp <= 0xffe6) || (cp >= 0x20000 && cp <= 0x3fffd);
}

std::string truncate_to_width(std::string_view s, size_t width) {
  if (display_width(s) <= width) return std::string(s);
  std::string out;
  size_t used = 0;
  for (size_t i = 0; i < s.size();) {
    char32_t cp;
    size_t len = next_code_point(s, i, cp);
    size_t w = is_wide(cp) ? 2 : 1;
    if (used + w + 1 > width) break;
    out.append(s.substr(i, len));
    used += w;
    i += len;
  }
  return out + "…";
}

}  // namespace

size_t display_width(std::string_view utf8) {
  size_t width = 0;
  for (size_t i = 0; i < utf8.size();) {
    char32_t cp;
    i += next_code_point(utf8, i, cp);
    width += is_wide(cp) ? 2 : 1;
  }
  return width;
}

std::string TextTable::render(size_t max_width) const {
  std::vector<size_t> widths(headers_.size(), 0);
  auto cell = [&](const std::vector<std::string>& row, size_t c) {
    return c < row.size() ? truncate_to_width(row[c], max_width) : std::string();
  };
  for (size_t c = 0; c < headers_.size(); ++c) {
    widths[c] = display_width(headers_[c]);
    for (const auto& row : rows_) widths[c] = std::max(widths[c], display_width(cell(row, c)));
  }
  std::string out;
  auto emit = [&](const std::vector<std::string>& row, bool raw) {
    for (size_t c = 0; c < headers_.size(); ++c) {
      std::string text = raw ? row[c] : cell(row, c);
      out += text;
      if (c + 1 < headers_.size()) out.append(widths[c] - display_width(text) + 2, ' ');
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += '\n';
  };
  emit(headers_, true);
  std::vector<std::string> rule;
  for (size_t w : widths) rule.emplace_back(w, '-');
  emit(rule, true);
  for (const auto& row : rows_) emit(row, false);
  return out;
}

}  // namespace paicha::report
