// CSV/TSV: the delimiter and the header row are sniffed from the first block; the data lines
// then go to the detector as raw delimited text in big chunks (it maps a match to its column
// through header() and TextVisitor::delimiter).
#include <algorithm>
#include <array>
#include <map>
#include <string>
#include <vector>

#include "sources/reader.h"

namespace paicha::sources::detail {
namespace {

constexpr size_t kSniffBytes = 64 * 1024;
constexpr size_t kSniffLines = 50;

std::vector<std::string_view> complete_lines(std::string_view block) {
  std::vector<std::string_view> lines;
  size_t pos = 0;
  while (lines.size() < kSniffLines) {
    size_t nl = block.find('\n', pos);
    if (nl == std::string_view::npos) break;
    std::string_view line = block.substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    pos = nl + 1;
  }
  return lines;
}

size_t count_outside_quotes(std::string_view line, char delimiter) {
  size_t count = 0;
  bool quoted = false;
  for (char c : line) {
    if (c == '"')
      quoted = !quoted;
    else if (c == delimiter && !quoted)
      ++count;
  }
  return count;
}

// The delimiter whose per-line count is most consistent (then most frequent) wins.
char sniff_delimiter(const std::vector<std::string_view>& lines, bool tab_name) {
  static constexpr std::array<char, 4> kCandidates = {',', '\t', ';', '|'};
  char best = tab_name ? '\t' : ',';
  double best_share = 0;
  size_t best_count = 0;
  for (char candidate : kCandidates) {
    std::map<size_t, size_t> histogram;
    size_t nonblank = 0;
    for (std::string_view line : lines) {
      if (line.empty()) continue;
      ++nonblank;
      size_t count = count_outside_quotes(line, candidate);
      if (count > 0) ++histogram[count];
    }
    if (histogram.empty() || nonblank == 0) continue;
    auto mode = std::max_element(histogram.begin(), histogram.end(),
                                 [](auto& a, auto& b) { return a.second < b.second; });
    double share = static_cast<double>(mode->second) / static_cast<double>(nonblank);
    if (share > best_share + 1e-9 || (share > best_share - 1e-9 && mode->first > best_count)) {
      best = candidate;
      best_share = share;
      best_count = mode->first;
    }
  }
  return best;
}

std::vector<std::string> split_fields(std::string_view line, char delimiter) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == delimiter) {
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  for (auto& field : fields) {
    size_t b = field.find_first_not_of(" \t");
    size_t e = field.find_last_not_of(" \t");
    field = b == std::string::npos ? std::string() : field.substr(b, e - b + 1);
  }
  return fields;
}

}  // namespace

bool looks_like_header(const std::vector<std::string>& cells) {
  bool any = false;
  for (const auto& cell : cells) {
    if (cell.empty()) continue;
    any = true;
    if (cell.find('@') != std::string::npos) return false;
    size_t run = 0;
    for (char c : cell) {
      run = (c >= '0' && c <= '9') ? run + 1 : 0;
      if (run >= 5) return false;
    }
  }
  return any;
}

void read_csv(ByteSource& utf8, bool tab_separated_name, const ReadContext& ctx) {
  std::string block(kSniffBytes, '\0');
  block.resize(read_fully(utf8, block.data(), block.size()));
  auto lines = complete_lines(block);
  if (lines.empty() && !block.empty() && block.size() < kSniffBytes) {
    std::string_view only = block;  // a single line without a final newline
    if (only.back() == '\r') only.remove_suffix(1);
    lines.push_back(only);
  }
  char delimiter = sniff_delimiter(lines, tab_separated_name);
  ctx.visitor.delimiter = delimiter;

  size_t data_start = 0;
  uint64_t first_line = 1;
  if (!lines.empty()) {
    auto cells = split_fields(lines.front(), delimiter);
    if (looks_like_header(cells)) {
      ctx.visitor.header(cells);
      size_t nl = block.find('\n');
      data_start = nl == std::string::npos ? block.size() : nl + 1;
      first_line = 2;
    }
  }
  ChainSource rest(block.substr(data_start), utf8);
  stream_lines(rest, ctx, first_line);
}

}  // namespace paicha::sources::detail
