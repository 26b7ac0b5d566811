#pragma once
// CSV columns as context: a 姓名 column makes its cells names, a 密码 column passwords.
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

// Appends a match for each cell of `text` (whole lines) whose column needs context and whose
// value validates as that column's type.
void add_csv_context_matches(std::string_view text, char delimiter,
                             const std::vector<std::optional<PiiType>>& column_types, TypeSet types,
                             std::vector<Match>& out);

// Index of the column that byte `offset` of `text` (whole lines) falls in.
int csv_column_at(std::string_view text, size_t offset, char delimiter);

// The same for increasing offsets in one text, in a single pass over it.
class ColumnCursor {
 public:
  int column_at(std::string_view text, size_t offset, char delimiter);

 private:
  void step(char c, char delimiter);

  size_t pos_ = 0;
  int column_ = 0;
  bool quoted_ = false;
};

}  // namespace paicha::pii
