#pragma once
// The self-inspection report as a Word document (WordprocessingML written here, zipped with
// libzip): real headings (Heading1-3, so the navigation pane and a table of contents work),
// Word tables with borders and a repeated header row, 宋体/仿宋/黑体 for Chinese text, A4
// portrait, page numbers in the footer.
#include <string>

#include "report/report_model.h"

namespace paicha::report {

// The .docx file's bytes. `created_iso` goes into the document properties.
std::string render_report_docx(const ReportModel& model, const std::string& created_iso);

// word/document.xml alone (for tests and for the writer above).
std::string render_docx_document_xml(const ReportModel& model);

}  // namespace paicha::report
