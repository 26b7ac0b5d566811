#include "pii/scanner.h"

#include <algorithm>
#include <cstring>

#include "pii/csv_context.h"
#include "pii/field_classifier.h"
#include "pii/mask.h"
#include "pii/text_util.h"

namespace paicha::pii {

std::optional<PiiType> ColumnResult::type() const {
  uint64_t best = 0;
  std::optional<PiiType> best_type;
  for (auto t : all_types())
    if (counts[t] > best) {
      best = counts[t];
      best_type = t;
    }
  return best_type ? best_type : header_type;
}

std::string_view ColumnResult::confidence() const {
  auto t = type();
  if (!t) return "";
  if (header_type == t && counts[*t] > 0) return "high";
  return counts[*t] > 0 ? "medium" : "low";
}

DocumentScanner::DocumentScanner(DetectOptions options) : options_(options) {}

void DocumentScanner::begin_document(const sources::DocumentInfo& doc) {
  FileResult r;
  r.path = doc.path;
  r.kind = std::string(sources::to_string(doc.kind));
  r.encoding = doc.encoding;
  r.bytes = doc.bytes;
  open_.push_back(std::move(r));
  csv_ = doc.kind == sources::DocumentKind::csv;
  column_types_.clear();
  csv_context_columns_ = false;
}

void DocumentScanner::header(const std::vector<std::string>& columns) {
  if (open_.empty()) return;
  auto& r = open_.back();
  csv_context_columns_ = classify_columns(columns, options_.types, column_types_);
  r.columns.clear();
  for (size_t i = 0; i < columns.size(); ++i) {
    ColumnResult c;
    c.name = columns[i];
    c.header_type = column_types_[i];
    r.columns.push_back(std::move(c));
  }
}

void DocumentScanner::text(std::string_view utf8, const sources::Position& pos,
                           std::string_view field) {
  if (open_.empty()) return;
  if (utf8.size() > MatchSession::kMaxText) {
    // Offsets are 32-bit in the cell index, and Hyperscan takes at most 4 GiB: huge texts go
    // in line-aligned parts.
    sources::Position part_pos = pos;
    for (size_t begin = 0; begin < utf8.size();) {
      size_t end = line_aligned_end(utf8, begin, MatchSession::kMaxText);
      std::string_view part = utf8.substr(begin, end - begin);
      text(part, part_pos, field);
      if (part_pos.line > 0)
        part_pos.line += static_cast<uint64_t>(std::count(part.begin(), part.end(), '\n'));
      begin = end;
    }
    return;
  }
  context_.clear();
  session_.collect(utf8, options_.types);
  const bool csv_columns =
      csv_ && field.empty() && (csv_context_columns_ || !open_.back().columns.empty());
  if (csv_columns) cells_.index(utf8, delimiter);
  if (!field.empty()) {
    auto type = classify_field(field);
    std::string_view value = trim(utf8);
    if (type && needs_context(*type) && options_.types.contains(*type) && !value.empty() &&
        valid_in_context(*type, value)) {
      size_t b = static_cast<size_t>(value.data() - utf8.data());
      context_.push_back({*type, b, b + value.size()});
    }
  } else if (csv_ && csv_context_columns_) {
    add_csv_context_matches(utf8, cells_, column_types_, options_.types,
                            session_.literal_candidates(), context_);
  }

  // Counted as they are merged, once per match of every chunk; locations (rare, slower) apart.
  // Counts and the wish for samples are kept in locals, which the compiler can hold in
  // registers.
  auto& r = open_.back();
  size_t newline_cursor = 0;
  uint64_t line_at_cursor = pos.line;
  const bool columns = csv_columns && !r.columns.empty();
  TypeCounts counts;
  uint32_t want_samples = 0;
  for (auto t : all_types())
    if (r.samples[static_cast<size_t>(t)].size() < options_.samples_per_type)
      want_samples |= 1u << static_cast<unsigned>(t);
  CsvCells::Cursor cells(cells_);
  ColumnResult* column_results = r.columns.data();
  const size_t column_count = r.columns.size();
  const bool locations = options_.locations;
  session_.merge_each(context_, [&](const Match& m) {
    ++counts[m.type];
    if (want_samples >> static_cast<unsigned>(m.type) & 1) {
      auto& samples = r.samples[static_cast<size_t>(m.type)];
      samples.push_back(masked_sample(m.type, utf8.substr(m.begin, m.end - m.begin)));
      if (samples.size() >= options_.samples_per_type)
        want_samples &= ~(1u << static_cast<unsigned>(m.type));
    }
    int column = -1;
    if (columns) {
      column = static_cast<int>(cells.column_at(m.begin));
      if (static_cast<size_t>(column) < column_count)
        ++column_results[static_cast<size_t>(column)].counts[m.type];
    }
    if (locations) record_location(m, utf8, pos, column, newline_cursor, line_at_cursor);
  });
  r.counts += counts;
}

void DocumentScanner::record_location(const Match& m, std::string_view text,
                                      const sources::Position& pos, int column,
                                      size_t& newline_cursor, uint64_t& line_at_cursor) {
  auto& r = open_.back();
  if (r.locations.size() >= options_.max_locations) {
    r.locations_truncated = true;
    return;
  }
  if (pos.line > 0) {
    line_at_cursor += static_cast<uint64_t>(
        std::count(text.begin() + static_cast<std::ptrdiff_t>(newline_cursor),
                   text.begin() + static_cast<std::ptrdiff_t>(m.begin), '\n'));
    newline_cursor = m.begin;
  }
  Location loc;
  loc.type = m.type;
  loc.line = pos.line > 0 ? line_at_cursor : 0;
  loc.cell = pos.cell;
  if (loc.cell.empty() && column >= 0 && column < static_cast<int>(r.columns.size()))
    loc.cell = r.columns[static_cast<size_t>(column)].name;
  loc.page = pos.page;
  loc.sample = masked_sample(m.type, text.substr(m.begin, m.end - m.begin));
  r.locations.push_back(std::move(loc));
}

void DocumentScanner::warning(std::string_view message) {
  if (open_.empty()) return;
  auto& w = open_.back().warnings;
  if (w.size() < options_.max_warnings) w.emplace_back(message);
}

void DocumentScanner::end_document(const sources::DocumentInfo& doc,
                                   const std::optional<std::string>& skipped) {
  if (open_.empty()) return;
  FileResult r = std::move(open_.back());
  open_.pop_back();
  // The reader may learn the encoding or size only while reading.
  if (!doc.encoding.empty()) r.encoding = doc.encoding;
  if (doc.bytes) r.bytes = doc.bytes;
  r.skipped = skipped;
  done_.push_back(std::move(r));
  csv_ = false;
  column_types_.clear();
  csv_context_columns_ = false;
}

std::vector<FileResult> DocumentScanner::take_results() {
  std::vector<FileResult> out;
  out.swap(done_);
  return out;
}

void merge_partial(FileResult& into, FileResult&& part, uint64_t line_offset,
                   const DetectOptions& options) {
  into.counts += part.counts;
  for (size_t t = 0; t < kTypeCount; ++t)
    for (auto& s : part.samples[t])
      if (into.samples[t].size() < options.samples_per_type)
        into.samples[t].push_back(std::move(s));
  for (auto& loc : part.locations) {
    if (into.locations.size() >= options.max_locations) {
      into.locations_truncated = true;
      break;
    }
    if (loc.line) loc.line += line_offset;
    into.locations.push_back(std::move(loc));
  }
  into.locations_truncated |= part.locations_truncated;
  for (size_t i = 0; i < part.columns.size() && i < into.columns.size(); ++i)
    into.columns[i].counts += part.columns[i].counts;
  for (auto& w : part.warnings)
    if (into.warnings.size() < options.max_warnings) into.warnings.push_back(std::move(w));
}

}  // namespace paicha::pii
