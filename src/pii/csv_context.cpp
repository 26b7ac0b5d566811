#include "pii/csv_context.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "pii/byte_masks.h"
#include "pii/field_classifier.h"
#include "pii/text_util.h"

namespace paicha::pii {

namespace {

// Calls `cell(index, begin, end)` for each cell of the line text[begin, end); the span
// excludes surrounding quotes.
template <typename Fn>
void for_each_cell(std::string_view text, size_t begin, size_t end, char delimiter, Fn&& cell) {
  int index = 0;
  size_t pos = begin;
  while (pos <= end) {
    size_t cell_begin = pos, cell_end;
    if (pos < end && text[pos] == '"') {
      size_t close = pos + 1;
      while (close < end) {
        if (text[close] == '"') {
          if (close + 1 < end && text[close + 1] == '"') {
            close += 2;
            continue;
          }
          break;
        }
        ++close;
      }
      cell_begin = pos + 1;
      cell_end = std::min(close, end);
      pos = std::min(close + 1, end);
      while (pos < end && text[pos] != delimiter) ++pos;
    } else {
      const void* hit = std::memchr(text.data() + pos, delimiter, end - pos);
      pos = hit ? static_cast<size_t>(static_cast<const char*>(hit) - text.data()) : end;
      cell_end = pos;
      if (cell_end > cell_begin && text[cell_end - 1] == '\r') --cell_end;
    }
    if (!cell(index++, cell_begin, cell_end)) return;
    ++pos;  // past the delimiter
  }
}

}  // namespace

bool needs_context(PiiType t) {
  return t == PiiType::name || t == PiiType::address || t == PiiType::password ||
         t == PiiType::secret;
}

bool classify_columns(const std::vector<std::string>& header, TypeSet types,
                      std::vector<std::optional<PiiType>>& column_types) {
  column_types.clear();
  bool any = false;
  for (const auto& name : header) {
    auto type = classify_field(name);
    column_types.push_back(type);
    if (type && needs_context(*type) && types.contains(*type)) any = true;
  }
  return any;
}

std::vector<std::string> split_csv_line(std::string_view line, char delimiter) {
  std::vector<std::string> out;
  if (line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
  for_each_cell(line, 0, line.size(), delimiter, [&](int, size_t b, size_t e) {
    out.emplace_back(line.substr(b, e - b));
    return true;
  });
  return out;
}

char guess_delimiter(std::string_view header_line) {
  char best = ',';
  size_t best_count = 0;
  for (char d : {',', '\t', ';', '|'}) {
    size_t n = static_cast<size_t>(std::count(header_line.begin(), header_line.end(), d));
    if (n > best_count) {
      best_count = n;
      best = d;
    }
  }
  return best;
}

void add_csv_context_matches(std::string_view text, char delimiter,
                             const std::vector<std::optional<PiiType>>& column_types, TypeSet types,
                             std::vector<Match>& out) {
  int last_context_column = -1;
  for (size_t i = 0; i < column_types.size(); ++i)
    if (column_types[i] && needs_context(*column_types[i]) && types.contains(*column_types[i]))
      last_context_column = static_cast<int>(i);
  size_t line = 0;
  while (line < text.size()) {
    const void* nl = std::memchr(text.data() + line, '\n', text.size() - line);
    size_t end = nl ? static_cast<size_t>(static_cast<const char*>(nl) - text.data()) : text.size();
    for_each_cell(text, line, end, delimiter, [&](int index, size_t b, size_t e) {
      if (index > last_context_column) return false;
      auto type = column_types[static_cast<size_t>(index)];
      if (!type || !needs_context(*type) || !types.contains(*type)) return true;
      std::string_view cell = text.substr(b, e - b);
      std::string_view trimmed = trim(cell);
      if (trimmed.empty() || !valid_in_context(*type, trimmed)) return true;
      size_t tb = b + static_cast<size_t>(trimmed.data() - cell.data());
      out.push_back({*type, tb, tb + trimmed.size()});
      return true;
    });
    line = end + 1;
  }
}

void ColumnCursor::step(char c, char delimiter) {
  if (c == '\n') {
    column_ = 0;
    quoted_ = false;
  } else if (c == '"') {
    quoted_ = !quoted_;
  } else if (c == delimiter && !quoted_) {
    ++column_;
  }
}

int ColumnCursor::column_at(std::string_view text, size_t offset, char delimiter) {
  if (offset < pos_) *this = ColumnCursor{};
  // Called for every match of a CSV chunk: 16 bytes at a time, each newline starting the
  // count afresh; only blocks with quotes go byte by byte.
  const char* p = text.data();
  size_t i = pos_;
  while (i < offset && i + bytes::kBlock <= text.size()) {
    size_t n = std::min(bytes::kBlock, offset - i);
    unsigned keep = n == bytes::kBlock ? 0xFFFFu : (1u << n) - 1;
    bytes::Block block(p + i);
    if (block.eq('"') & keep) {
      for (size_t k = 0; k < n; ++k) step(p[i + k], delimiter);
    } else {
      unsigned newlines = block.eq('\n') & keep;
      unsigned delimiters = block.eq(delimiter) & keep;
      if (newlines) {
        column_ = 0;
        quoted_ = false;
        delimiters >>= 32 - std::countl_zero(newlines);  // those after the last newline
      }
      if (!quoted_) column_ += static_cast<int>(bytes::count(delimiters));
    }
    i += n;
  }
  for (; i < offset; ++i) step(p[i], delimiter);
  pos_ = offset;
  return column_;
}

int csv_column_at(std::string_view text, size_t offset, char delimiter) {
  size_t line_start = offset == 0 ? 0 : text.rfind('\n', offset - 1);
  line_start = line_start == std::string_view::npos ? 0 : line_start + 1;
  int column = 0;
  bool quoted = false;
  for (size_t i = line_start; i < offset; ++i) {
    char c = text[i];
    if (c == '"')
      quoted = !quoted;
    else if (c == delimiter && !quoted)
      ++column;
  }
  return column;
}

}  // namespace paicha::pii
