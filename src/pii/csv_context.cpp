#include "pii/csv_context.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "pii/field_classifier.h"
#include "pii/text_util.h"
#include "pii/window_masks.h"

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

std::string_view CsvCells::value(std::string_view text, size_t k) const {
  size_t begin = cells_[k].start;
  size_t end = k + 1 < cells_.size() ? cells_[k + 1].start - 1 : size_;
  if (end > begin && text[end - 1] == '\r') --end;
  if (end > begin && text[begin] == '"') {
    ++begin;
    if (end > begin && text[end - 1] == '"') --end;
  }
  return text.substr(begin, end - begin);
}

void CsvCells::index(std::string_view text, char delimiter) {
  cells_.clear();
  cursor_ = 0;
  const char* p = text.data();
  const size_t n = std::min(text.size(), kMaxText);
  size_ = n;
  uint32_t column = 0;
  bool quoted = false;
  // A cell starts at 0 and after every boundary, so a final newline leaves an empty last cell
  // and every offset up to n has a column.
  cells_.push_back({0, 0});
  auto boundary = [&](size_t pos, bool newline) {
    column = newline ? 0 : column + 1;
    cells_.push_back({static_cast<uint32_t>(pos + 1), column});
    if (newline) quoted = false;
  };
  auto byte = [&](size_t k) {
    char c = p[k];
    if (c == '\n')
      boundary(k, true);
    else if (c == '"')
      quoted = !quoted;
    else if (c == delimiter && !quoted)
      boundary(k, false);
  };
  // 64 bytes at a time while there is no quote; a window with one goes byte by byte.
  size_t i = bytes::for_each_window<bytes::CsvMasks>(
      p, n,
      [delimiter](const char* q, size_t count, bytes::CsvMasks* out) {
        bytes::csv_masks(q, count, delimiter, out);
      },
      [&](size_t at, const bytes::CsvMasks& m) {
        if (m.quotes || quoted) {
          for (size_t b = at; b < at + bytes::kWindow; ++b) byte(b);
          return;
        }
        for (uint64_t ends = m.delimiters | m.newlines; ends; ends &= ends - 1) {
          unsigned bit = static_cast<unsigned>(std::countr_zero(ends));
          boundary(at + bit, (m.newlines >> bit) & 1);
        }
      });
  for (; i < n; ++i) byte(i);
}

void add_csv_context_matches(std::string_view text, const CsvCells& cells,
                             const std::vector<std::optional<PiiType>>& column_types, TypeSet types,
                             const std::vector<Match>& found, std::vector<Match>& out) {
  std::vector<std::optional<PiiType>> wanted(column_types.size());
  for (size_t i = 0; i < column_types.size(); ++i)
    if (column_types[i] && needs_context(*column_types[i]) && types.contains(*column_types[i]))
      wanted[i] = column_types[i];
  size_t next_found = 0;
  const auto& all = cells.cells();
  for (size_t k = 0; k < all.size(); ++k) {
    uint32_t column = all[k].column;
    if (column >= wanted.size() || !wanted[column]) continue;
    PiiType type = *wanted[column];
    std::string_view value = trim(cells.value(text, k));
    if (value.empty()) continue;
    size_t b = static_cast<size_t>(value.data() - text.data()), e = b + value.size();
    while (next_found < found.size() && found[next_found].begin < b) ++next_found;
    if (next_found < found.size() && found[next_found].begin == b && found[next_found].end == e &&
        found[next_found].type == type)
      continue;  // found already, e.g. an address led by its province name
    if (valid_in_context(type, value)) out.push_back({type, b, e});
  }
}

void add_csv_context_matches(std::string_view text, char delimiter,
                             const std::vector<std::optional<PiiType>>& column_types, TypeSet types,
                             std::vector<Match>& out) {
  CsvCells cells;
  const std::vector<Match> none;
  for (size_t pos = 0; pos < text.size();) {
    size_t end = line_aligned_end(text, pos, CsvCells::kMaxText);
    std::string_view part = text.substr(pos, end - pos);
    size_t first = out.size();
    cells.index(part, delimiter);
    add_csv_context_matches(part, cells, column_types, types, none, out);
    for (size_t i = first; i < out.size(); ++i) {
      out[i].begin += pos;
      out[i].end += pos;
    }
    pos = end;
  }
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
