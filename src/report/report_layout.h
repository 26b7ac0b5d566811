#pragma once
// The structure of the self-inspection report, written once for every format: the sections,
// their headings, paragraphs and tables, in order. A writer (HTML, DOCX) implements
// ReportBuilder and decides only how each block looks, so the formats cannot drift apart.
#include <string>
#include <string_view>
#include <vector>

#include "core/severity.h"
#include "report/report_model.h"
#include "report/svg_chart.h"

namespace paicha::report {

class ReportBuilder {
 public:
  virtual ~ReportBuilder() = default;
  // Title block: report title, unit, date.
  virtual void cover(std::string_view title, std::string_view unit, std::string_view date_line) = 0;
  // level 1: a section (一、基本情况 ...); 2: a subsection; 3: a group inside it.
  virtual void heading(int level, std::string_view text) = 0;
  // Newlines in `text` are line breaks within the paragraph.
  virtual void paragraph(std::string_view text) = 0;
  virtual void bullet(std::string_view text) = 0;
  // Column widths are percentages of the text width.
  virtual void begin_table(const std::vector<std::string>& headers,
                           const std::vector<int>& widths) = 0;
  // `severity`: the row is about a problem of this severity (writers may colour it).
  virtual void row(const std::vector<std::string>& cells, const Severity* severity = nullptr) = 0;
  virtual void end_table() = 0;
  // A bar chart; writers without graphics may ignore it (the same numbers are in a table).
  virtual void chart(std::string_view title, const std::vector<Bar>& bars) = 0;
};

// The section headings in the current language, for writers and tests.
struct SectionTitles {
  std::string overview, method, findings, remediation, next_steps, appendix;
};
SectionTitles section_titles();

void lay_out_report(const ReportModel& model, ReportBuilder& out);

}  // namespace paicha::report
