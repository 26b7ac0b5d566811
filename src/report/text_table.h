#pragma once
// Terminal tables that line up with Chinese text: CJK characters take two columns.
#include <string>
#include <string_view>
#include <vector>

namespace paicha::report {

// Columns a UTF-8 string occupies on a terminal.
size_t display_width(std::string_view utf8);

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> headers) : headers_(std::move(headers)) {}
  void add_row(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  size_t size() const { return rows_.size(); }
  // `max_width` caps each column; longer cells are cut with "…".
  std::string render(size_t max_width = 48) const;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace paicha::report
