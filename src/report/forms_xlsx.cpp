#include "report/forms_xlsx.h"

#include <fmt/format.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "core/errors.h"
#include "core/i18n.h"
#include "report/forms_text.h"
#include "report/output_file.h"

namespace paicha::report {

namespace {

// 宋体 is what the regulator's own templates use; LibreOffice falls back to an installed CJK font.
constexpr const char* kFont = "SimSun";
constexpr double kLineHeight = 15.0;  // points per line of 11-point text

// Display columns of a line: CJK characters take two, as they print.
size_t display_width(std::string_view line) {
  size_t width = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0) == 0x80) continue;
    width += c >= 0xE0 ? 2 : 1;
  }
  return width;
}

// How many printed lines `text` needs in a column `width` characters wide (wrapped text).
size_t lines_needed(const std::string& text, double width) {
  size_t lines = 0;
  std::istringstream in(text);
  std::string line;
  const size_t usable = static_cast<size_t>(std::max(1.0, width - 1));
  while (std::getline(in, line))
    lines += std::max<size_t>(1, (display_width(line) + usable - 1) / usable);
  return std::max<size_t>(lines, 1);
}

struct Formats {
  lxw_format* title;
  lxw_format* label;   // bold, centred, bordered
  lxw_format* header;  // Form 2 column heads: bold, shaded
  lxw_format* cell;    // left-aligned value, bordered, wrapped
  lxw_format* centre;  // centred value
  lxw_format* note;    // unbordered small text under a table

  explicit Formats(lxw_workbook* book) {
    auto base = [book](bool border) {
      lxw_format* f = workbook_add_format(book);
      format_set_font_name(f, kFont);
      format_set_font_size(f, 11);
      format_set_text_wrap(f);
      format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
      if (border) format_set_border(f, LXW_BORDER_THIN);
      return f;
    };
    title = base(false);
    format_set_bold(title);
    format_set_font_size(title, 16);
    format_set_align(title, LXW_ALIGN_CENTER);
    label = base(true);
    format_set_bold(label);
    format_set_align(label, LXW_ALIGN_CENTER);
    header = base(true);
    format_set_bold(header);
    format_set_align(header, LXW_ALIGN_CENTER);
    format_set_bg_color(header, 0xE7E6E6);
    cell = base(true);
    format_set_align(cell, LXW_ALIGN_LEFT);
    centre = base(true);
    format_set_align(centre, LXW_ALIGN_CENTER);
    note = base(false);
    format_set_font_size(note, 9);
    format_set_align(note, LXW_ALIGN_LEFT);
  }
};

void print_setup(lxw_worksheet* sheet) {
  worksheet_set_landscape(sheet);
  worksheet_set_paper(sheet, 9);        // A4
  worksheet_fit_to_pages(sheet, 1, 0);  // one page wide, as many pages tall as needed
  worksheet_set_margins(sheet, 0.5, 0.5, 0.6, 0.6);
  worksheet_center_horizontally(sheet);
  worksheet_set_footer(sheet, std::string(tr("&C第 &P 页，共 &N 页", "&CPage &P of &N")).c_str());
}

void check(lxw_error error, const char* what) {
  if (error != LXW_NO_ERROR)
    throw RuntimeError(fmt::format("{} ({}): {}", tr("生成表格失败", "cannot build the forms"),
                                   what, lxw_strerror(error)));
}

void merge(lxw_worksheet* sheet, int row, int first_col, int last_row, int last_col,
           const std::string& text, lxw_format* format) {
  if (row == last_row && first_col == last_col) {
    check(worksheet_write_string(sheet, row, first_col, text.c_str(), format), "write");
    return;
  }
  check(worksheet_merge_range(sheet, row, first_col, last_row, last_col, text.c_str(), format),
        "merge");
}

// Form 1: label/value pairs in five columns; each contact takes two rows of two sub-fields.
void write_form1(lxw_workbook* book, const Formats& f, const Inventory& inventory) {
  lxw_worksheet* sheet = workbook_add_worksheet(book, forms::form1_sheet_name().c_str());
  print_setup(sheet);
  const double widths[] = {24, 12, 34, 12, 34};
  for (int c = 0; c < 5; ++c) worksheet_set_column(sheet, c, c, widths[c], nullptr);
  const double value_width = widths[1] + widths[2] + widths[3] + widths[4];

  std::map<std::string, forms::Form1Field> by_key;
  for (auto& field : forms::form1_fields(inventory)) by_key[field.key] = field;

  merge(sheet, 0, 0, 0, 4, forms::form1_title(), f.title);
  worksheet_set_row(sheet, 0, 48, nullptr);
  int row = 1;
  auto wide_row = [&](const std::string& key) {
    const auto& field = by_key.at(key);
    std::string label = field.label;
    if (key == "total_volume")  // the attachment breaks the unit onto its own line
      if (auto pos = label.find('('); pos != std::string::npos) label.insert(pos, "\n");
    worksheet_write_string(sheet, row, 0, label.c_str(), f.label);
    merge(sheet, row, 1, row, 4, field.value, f.cell);
    const size_t lines =
        std::max(lines_needed(field.value, value_width), lines_needed(label, widths[0]));
    worksheet_set_row(sheet, row, std::max(27.0, kLineHeight * static_cast<double>(lines) + 8),
                      nullptr);
    ++row;
  };
  auto contact_rows = [&](const std::string& prefix) {
    merge(sheet, row, 0, row + 1, 0, forms::contact_label(), f.label);
    const char* fields[2][2] = {{".name", ".title"}, {".office_phone", ".mobile"}};
    for (int r = 0; r < 2; ++r) {
      for (int half = 0; half < 2; ++half) {
        const auto& field = by_key.at(prefix + fields[r][half]);
        worksheet_write_string(sheet, row + r, 1 + 2 * half, field.label.c_str(), f.label);
        worksheet_write_string(sheet, row + r, 2 + 2 * half, field.value.c_str(), f.cell);
      }
      worksheet_set_row(sheet, row + r, 27, nullptr);
    }
    row += 2;
  };
  wide_row("unit_name");
  wide_row("unit_address");
  wide_row("security_department");
  contact_rows("security_contact");
  wide_row("protection_department");
  contact_rows("protection_contact");
  wide_row("total_volume");
  wide_row("storage");
  wide_row("description");
  merge(sheet, row, 0, row, 4, forms::sources_note(inventory), f.note);
}

// Form 2: one row per system; the first column names the row group (本级, 直属事业单位n) and is
// merged over the group's rows, as in the attachment.
void write_form2(lxw_workbook* book, const Formats& f, const Inventory& inventory) {
  lxw_worksheet* sheet = workbook_add_worksheet(book, forms::form2_sheet_name().c_str());
  print_setup(sheet);
  const double widths[] = {22, 20, 26, 18, 16, 20, 34};
  for (int c = 0; c < 7; ++c) worksheet_set_column(sheet, c, c, widths[c], nullptr);

  merge(sheet, 0, 0, 0, 6, forms::form2_title(), f.title);
  worksheet_set_row(sheet, 0, 36, nullptr);
  const auto headers = forms::form2_headers();
  size_t header_lines = 1;
  for (int c = 0; c < 7; ++c) {
    worksheet_write_string(sheet, 1, c, headers[c].c_str(), f.header);
    header_lines = std::max(header_lines, lines_needed(headers[c], widths[c]));
  }
  worksheet_set_row(sheet, 1, kLineHeight * static_cast<double>(header_lines) + 10, nullptr);
  worksheet_repeat_rows(sheet, 1, 1);  // the column heads on every printed page

  int row = 2;
  for (const auto& group : inventory.groups) {
    const int first = row;
    std::string unit_cell;
    for (const auto& r : group.rows) {
      const auto cells = forms::form2_cells(inventory, group, r);
      unit_cell = cells[0];
      size_t lines = lines_needed(cells[0], widths[0]) / group.rows.size() + 1;
      for (int c = 1; c < 7; ++c) {
        lxw_format* format =
            (c == 3 || c == 4 || cells[c] == forms::none_text()) ? f.centre : f.cell;
        worksheet_write_string(sheet, row, c, cells[c].c_str(), format);
        lines = std::max(lines, lines_needed(cells[c], widths[c]));
      }
      worksheet_set_row(sheet, row, std::max(30.0, kLineHeight * static_cast<double>(lines) + 8),
                        nullptr);
      ++row;
    }
    merge(sheet, first, 0, row - 1, 0, unit_cell, f.centre);
  }
  merge(sheet, row, 0, row, 6, forms::form2_note(), f.note);
  merge(sheet, row + 1, 0, row + 1, 6, forms::sources_note(inventory), f.note);
}

// libxlsxwriter writes the file itself with the process umask; the result must be 0600, so the
// workbook is built in a private directory and copied through report::Output.
class PrivateDir {
 public:
  PrivateDir() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base && *base ? base : "/tmp") + "/paicha-forms.XXXXXX";
    if (!::mkdtemp(pattern.data()))
      throw RuntimeError(fmt::format("{} {}",
                                     tr("无法创建临时目录",
                                        "cannot create a temporary "
                                        "directory in"),
                                     pattern));
    path_ = pattern;
  }
  ~PrivateDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

void write_forms_xlsx(const Inventory& inventory, const std::string& path) {
  Output out(path);  // opened first: an unwritable -o fails before any work
  PrivateDir dir;
  const std::string file = dir.path() + "/forms.xlsx";
  lxw_workbook_options options{};
  options.tmpdir = const_cast<char*>(dir.path().c_str());
  lxw_workbook* book = workbook_new_opt(file.c_str(), &options);
  if (!book)
    throw RuntimeError(fmt::format("{} {}", tr("无法创建工作簿", "cannot create workbook"), file));
  lxw_doc_properties properties{};
  const std::string title = forms::form1_sheet_name();
  properties.title = const_cast<char*>(title.c_str());
  properties.author = const_cast<char*>(inventory.profile.unit_name.c_str());
  workbook_set_properties(book, &properties);
  const Formats formats(book);
  write_form1(book, formats, inventory);
  write_form2(book, formats, inventory);
  check(workbook_close(book), file.c_str());

  std::ifstream in(file, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in.good() && !in.eof())
    throw RuntimeError(fmt::format("{} {}", tr("无法读取", "cannot read"), file));
  out.write(bytes.str());
  out.close();
}

}  // namespace paicha::report
