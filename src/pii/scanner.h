#pragma once
// The detector's side of the sources/ seam: receives text chunks of documents, finds personal
// data in them and aggregates per-document results.
#include <string>
#include <vector>

#include "pii/csv_context.h"
#include "pii/matcher.h"
#include "pii/scan_result.h"
#include "sources/document.h"

namespace paicha::pii {

struct DetectOptions {
  TypeSet types = TypeSet::all();
  bool locations = false;
  size_t max_locations = 10000;  // per document, to bound memory; the rest only counted
  size_t samples_per_type = 3;
  size_t max_warnings = 20;
};

class DocumentScanner : public sources::TextVisitor {
 public:
  explicit DocumentScanner(DetectOptions options);

  void begin_document(const sources::DocumentInfo& doc) override;
  void header(const std::vector<std::string>& columns) override;
  void text(std::string_view utf8, const sources::Position& pos, std::string_view field) override;
  void warning(std::string_view message) override;
  void end_document(const sources::DocumentInfo& doc,
                    const std::optional<std::string>& skipped) override;

  // The documents finished since the last call (one file gives several with archives).
  std::vector<FileResult> take_results();

 private:
  // With --locations: where the match is. `column` is its CSV column, -1 outside CSV.
  void record_location(const Match& m, std::string_view text, const sources::Position& pos,
                       int column, size_t& newline_cursor, uint64_t& line_at_cursor);

  DetectOptions options_;
  MatchSession session_;
  std::vector<Match> context_;  // CSV cells matched through their column
  std::vector<FileResult> done_;
  std::vector<FileResult> open_;  // a stack: archive members open inside their archive
  std::vector<std::optional<PiiType>> column_types_;
  CsvCells cells_;  // of the current chunk, for CSV documents
  bool csv_ = false;
  bool csv_context_columns_ = false;
};

// Adds `part` (a range of the same document, scanned separately) into `into`; `line_offset` is
// the number of lines before the range.
void merge_partial(FileResult& into, FileResult&& part, uint64_t line_offset,
                   const DetectOptions& options);

}  // namespace paicha::pii
