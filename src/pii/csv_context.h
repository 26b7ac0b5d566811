#pragma once
// CSV columns as context: a 姓名 column makes its cells names, a 密码 column passwords.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pii/matcher.h"

namespace paicha::pii {

// Types found only through their context (header, key): name, address, password, secret.
bool needs_context(PiiType type);

// Classifies header cells; returns true when a column needs per-cell context validation.
bool classify_columns(const std::vector<std::string>& header, TypeSet types,
                      std::vector<std::optional<PiiType>>& column_types);

// Splits a CSV header line into cells (quotes honoured, a UTF-8 BOM dropped).
std::vector<std::string> split_csv_line(std::string_view line, char delimiter);
// The most frequent of , TAB ; | in the header line.
char guess_delimiter(std::string_view header_line);

// The cells of a CSV text (whole lines), indexed in one pass per chunk, so that the context
// columns and the column of every match are looked up rather than found by re-reading the
// line. Quotes follow csv_column_at: each one toggles, and a newline ends a quoted run.
class CsvCells {
 public:
  struct Cell {
    uint32_t start;  // first byte of the cell, an opening quote included
    uint32_t column;
  };
  // Texts are cut into parts below 4 GiB before they reach here.
  static constexpr size_t kMaxText = uint32_t{0xFFFFFFFF};

  void index(std::string_view text, char delimiter);
  const std::vector<Cell>& cells() const { return cells_; }
  // The value of cell k: without its delimiter, surrounding quotes and a final CR.
  std::string_view value(std::string_view text, size_t k) const;
  // Column lookups for increasing offsets, held in a local so that the compiler can keep the
  // position in a register while counting matches.
  class Cursor {
   public:
    explicit Cursor(const CsvCells& cells)
        : cell_(cells.cells_.data()),
          last_(cells.cells_.empty() ? cell_ : cell_ + cells.cells_.size() - 1) {}
    // Needs a non-empty index (index() always makes one) and offsets that do not decrease.
    uint32_t column_at(size_t offset) {
      while (cell_ < last_ && cell_[1].start <= offset) ++cell_;
      return cell_->column;
    }

   private:
    const Cell* cell_;
    const Cell* last_;
  };

  // Index of the column that byte `offset` falls in; fastest for increasing offsets.
  int column_at(size_t offset) {
    if (cursor_ >= cells_.size() || cells_[cursor_].start > offset) cursor_ = 0;
    while (cursor_ + 1 < cells_.size() && cells_[cursor_ + 1].start <= offset) ++cursor_;
    return cells_.empty() ? 0 : static_cast<int>(cells_[cursor_].column);
  }

 private:
  std::vector<Cell> cells_;
  size_t size_ = 0;
  size_t cursor_ = 0;
};

// Appends a match for each cell whose column needs context and whose value validates as that
// column's type. A cell that `found` (sorted) already holds as the same match is not validated
// twice.
void add_csv_context_matches(std::string_view text, const CsvCells& cells,
                             const std::vector<std::optional<PiiType>>& column_types, TypeSet types,
                             const std::vector<Match>& found, std::vector<Match>& out);
// The same for a text not indexed yet.
void add_csv_context_matches(std::string_view text, char delimiter,
                             const std::vector<std::optional<PiiType>>& column_types, TypeSet types,
                             std::vector<Match>& out);

// Index of the column that byte `offset` of `text` (whole lines) falls in.
int csv_column_at(std::string_view text, size_t offset, char delimiter);

}  // namespace paicha::pii
