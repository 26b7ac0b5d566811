#include "report/report_docx.h"

#include <fmt/format.h>

#include <algorithm>

#include "report/docx_parts.h"
#include "report/report_layout.h"
#include "report/xml_text.h"
#include "report/zip_package.h"

namespace paicha::report {

namespace {

constexpr std::string_view kBorders =
    "<w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"666666\"/>"
    "<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"666666\"/>"
    "<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"666666\"/>"
    "<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"666666\"/>"
    "<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"666666\"/>"
    "<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"666666\"/></w:tblBorders>";

class DocxBuilder : public ReportBuilder {
 public:
  explicit DocxBuilder(std::string& xml) : xml_(xml) {
    xml_ +=
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
        "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        "<w:body>";
  }

  void finish() {
    xml_ += fmt::format(
        "<w:sectPr><w:footerReference w:type=\"default\" r:id=\"{}\"/>"
        "<w:pgSz w:w=\"{}\" w:h=\"{}\"/>"
        "<w:pgMar w:top=\"{}\" w:right=\"{}\" w:bottom=\"{}\" w:left=\"{}\" w:header=\"851\" "
        "w:footer=\"851\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>",
        docx::kFooterRelId, docx::kPageWidth, docx::kPageHeight, docx::kMarginTopBottom,
        docx::kMarginLeftRight, docx::kMarginTopBottom, docx::kMarginLeftRight);
  }

  void cover(std::string_view title, std::string_view unit, std::string_view date_line) override {
    styled_paragraph("Title", title);
    styled_paragraph("Subtitle", unit);
    styled_paragraph("Subtitle", date_line);
  }

  void heading(int level, std::string_view text) override {
    styled_paragraph(fmt::format("Heading{}", std::clamp(level, 1, 3)), text);
  }

  void paragraph(std::string_view text) override {
    styled_paragraph(text.find('\n') != std::string_view::npos ? "Remedy" : "Body", text);
  }

  void bullet(std::string_view text) override {
    styled_paragraph("ListBullet", std::string("\xE2\x80\xA2 ") + std::string(text));
  }

  void begin_table(const std::vector<std::string>& headers,
                   const std::vector<int>& widths) override {
    widths_.clear();
    for (int pct : widths) widths_.push_back(docx::kTextWidth * pct / 100);
    xml_ += "<w:tbl><w:tblPr><w:tblW w:w=\"5000\" w:type=\"pct\"/>";
    xml_ += kBorders;
    xml_ +=
        "<w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"04A0\" "
        "w:firstRow=\"1\"/></w:tblPr><w:tblGrid>";
    for (int w : widths_) xml_ += fmt::format("<w:gridCol w:w=\"{}\"/>", w);
    xml_ += "</w:tblGrid>";
    // The header row repeats on every page and never splits.
    xml_ += "<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>";
    for (size_t i = 0; i < headers.size(); ++i) {
      xml_ += fmt::format(
          "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/>"
          "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"E8ECF2\"/></w:tcPr><w:p>",
          i < widths_.size() ? widths_[i] : 0);
      runs(headers[i], "<w:rPr><w:b/><w:bCs/></w:rPr>");
      xml_ += "</w:p></w:tc>";
    }
    xml_ += "</w:tr>";
  }

  void row(const std::vector<std::string>& cells, const Severity*) override {
    xml_ += "<w:tr><w:trPr><w:cantSplit/></w:trPr>";
    for (const auto& cell : cells) {
      xml_ += "<w:tc><w:p>";
      runs(cell, {});
      xml_ += "</w:p></w:tc>";
    }
    xml_ += "</w:tr>";
  }

  void end_table() override {
    xml_ += "</w:tbl>";
    // Word needs a paragraph between two tables, or it merges them.
    xml_ += "<w:p/>";
  }

  // The same numbers are in the table just above; Word has no inline SVG without a PNG twin.
  void chart(std::string_view, const std::vector<Bar>&) override {}

 private:
  void styled_paragraph(std::string_view style, std::string_view text) {
    xml_ += fmt::format("<w:p><w:pPr><w:pStyle w:val=\"{}\"/></w:pPr>", style);
    runs(text, {});
    xml_ += "</w:p>";
  }

  // One run; lines are joined with breaks. xml:space="preserve" only where spaces at the ends of
  // a line or runs of spaces must survive (indented commands in remediation text): on 100,000
  // problems the attribute alone would add tens of megabytes.
  void runs(std::string_view text, std::string_view rpr) {
    xml_ += "<w:r>";
    xml_ += rpr;
    size_t start = 0;
    while (true) {
      const size_t nl = text.find('\n', start);
      const std::string_view line =
          text.substr(start, nl == std::string_view::npos ? nl : nl - start);
      if (start > 0) xml_ += "<w:br/>";
      const bool keep_spaces = !line.empty() && (line.front() == ' ' || line.back() == ' ' ||
                                                 line.find("  ") != std::string_view::npos ||
                                                 line.find('\t') != std::string_view::npos);
      xml_ += keep_spaces ? "<w:t xml:space=\"preserve\">" : "<w:t>";
      append_xml_escaped(xml_, line);
      xml_ += "</w:t>";
      if (nl == std::string_view::npos) break;
      start = nl + 1;
    }
    xml_ += "</w:r>";
  }

  std::string& xml_;
  std::vector<int> widths_;
};

}  // namespace

std::string render_docx_document_xml(const ReportModel& model) {
  std::string xml;
  // About 200 bytes per table cell: reserve for the problem tables up front.
  xml.reserve(64 * 1024 + model.problems.size() * 1800 + model.assets.size() * 700);
  DocxBuilder builder(xml);
  lay_out_report(model, builder);
  builder.finish();
  return xml;
}

std::string render_report_docx(const ReportModel& model, const std::string& created_iso) {
  ZipPackage zip;
  zip.add("[Content_Types].xml", docx::content_types_xml());
  zip.add("_rels/.rels", docx::package_rels_xml());
  zip.add("word/document.xml", render_docx_document_xml(model));
  zip.add("word/_rels/document.xml.rels", docx::document_rels_xml());
  zip.add("word/styles.xml", docx::styles_xml());
  zip.add("word/settings.xml", docx::settings_xml());
  zip.add("word/footer1.xml", docx::footer_xml());
  zip.add("docProps/core.xml",
          docx::core_properties_xml(model.title + " " + model.unit_name, created_iso));
  zip.add("docProps/app.xml", docx::app_properties_xml());
  return zip.finish();
}

}  // namespace paicha::report
