#include "report/ledger_xlsx.h"

#include <fmt/format.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/errors.h"
#include "core/i18n.h"
#include "report/ledger.h"
#include "report/text_table.h"

namespace paicha::report {

namespace {

// Column widths in characters, tuned so that the 11 columns fill an A4 landscape page.
constexpr double kWidths[] = {5, 36, 8, 18, 20, 16, 36, 11, 12, 20, 22};

// A directory only this process can read, removed with everything in it.
class PrivateTempDir {
 public:
  PrivateTempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "paicha-ledger-XXXXXX").string();
    if (!mkdtemp(pattern.data()))
      throw RuntimeError(fmt::format(
          "{} {}", tr("无法创建临时目录", "cannot create a temporary directory"), pattern));
    path_ = pattern;
  }
  ~PrivateTempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Spreadsheet programs do not grow rows for wrapped text when they open a file, so each row
// gets the height its longest cell needs: display columns over the column's width, per line.
double row_height(const std::vector<std::string>& cells) {
  size_t lines = 1;
  for (size_t c = 0; c < cells.size(); ++c) {
    size_t cell_lines = 0;
    size_t start = 0;
    while (start <= cells[c].size()) {
      size_t end = cells[c].find('\n', start);
      if (end == std::string::npos) end = cells[c].size();
      const size_t width = display_width(std::string_view(cells[c]).substr(start, end - start));
      cell_lines += std::max<size_t>(
          1, (width + static_cast<size_t>(kWidths[c]) - 2) / static_cast<size_t>(kWidths[c] - 1));
      start = end + 1;
    }
    lines = std::max(lines, cell_lines);
  }
  return 15.0 * static_cast<double>(lines);
}

}  // namespace

std::string ledger_xlsx(const std::vector<store::TrackedFinding>& findings,
                        const std::string& title, const std::string& today) {
  PrivateTempDir dir;
  const std::string file = (dir.path() / "ledger.xlsx").string();
  lxw_workbook* workbook = workbook_new(file.c_str());
  if (!workbook) throw RuntimeError(fmt::format("{} {}", tr("无法创建", "cannot create"), file));
  lxw_worksheet* sheet =
      workbook_add_worksheet(workbook, std::string(tr("整改台账", "Ledger")).c_str());

  lxw_format* title_format = workbook_add_format(workbook);
  format_set_bold(title_format);
  format_set_font_size(title_format, 16);
  format_set_align(title_format, LXW_ALIGN_CENTER);
  format_set_align(title_format, LXW_ALIGN_VERTICAL_CENTER);
  lxw_format* header = workbook_add_format(workbook);
  format_set_bold(header);
  format_set_border(header, LXW_BORDER_THIN);
  format_set_text_wrap(header);
  format_set_align(header, LXW_ALIGN_CENTER);
  format_set_align(header, LXW_ALIGN_VERTICAL_CENTER);
  format_set_bg_color(header, 0xD9D9D9);
  lxw_format* cell = workbook_add_format(workbook);
  format_set_border(cell, LXW_BORDER_THIN);
  format_set_text_wrap(cell);
  format_set_align(cell, LXW_ALIGN_VERTICAL_TOP);

  const std::vector<std::string> headers = ledger_headers();
  const auto last_column = static_cast<lxw_col_t>(headers.size() - 1);
  worksheet_merge_range(sheet, 0, 0, 0, last_column, title.c_str(), title_format);
  worksheet_set_row(sheet, 0, 30, nullptr);
  for (lxw_col_t c = 0; c <= last_column; ++c) {
    worksheet_set_column(sheet, c, c, kWidths[c], nullptr);
    worksheet_write_string(sheet, 1, c, headers[c].c_str(), header);
  }
  lxw_row_t row = 2;
  for (const auto& cells : ledger_rows(findings, today)) {
    worksheet_set_row(sheet, row, row_height(cells), nullptr);
    for (lxw_col_t c = 0; c <= last_column; ++c)
      worksheet_write_string(sheet, row, c, cells[c].c_str(), cell);
    ++row;
  }
  worksheet_set_paper(sheet, 9);  // A4
  worksheet_set_landscape(sheet);
  worksheet_fit_to_pages(sheet, 1, 0);  // one page wide, as many pages tall as needed
  worksheet_repeat_rows(sheet, 1, 1);   // the header row on every page
  worksheet_set_margins(sheet, 0.4, 0.4, 0.5, 0.5);
  worksheet_freeze_panes(sheet, 2, 0);
  if (lxw_error error = workbook_close(workbook); error != LXW_NO_ERROR)
    throw RuntimeError(
        fmt::format("{} {}: {}", tr("无法写入", "cannot write"), file, lxw_strerror(error)));
  std::ifstream in(file, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

}  // namespace paicha::report
