#pragma once
// The fixed parts of a WordprocessingML package (ECMA-376): content types, relationships,
// styles with East Asian fonts, settings, a footer with a PAGE field, document properties.
// report_docx.cpp writes the body. Word rejects a file whose property elements are out of the
// schema's sequence order (LibreOffice forgives it), so tests/unit/test_report_docx.cpp checks
// the order of every pPr, rPr, tblPr and tcPr child against ECMA-376.
#include <string>
#include <string_view>

namespace paicha::report::docx {

// Page geometry shared by the styles and the body: A4 portrait, in twentieths of a point.
inline constexpr int kPageWidth = 11906, kPageHeight = 16838;
inline constexpr int kMarginLeftRight = 1247, kMarginTopBottom = 1440;
inline constexpr int kTextWidth = kPageWidth - 2 * kMarginLeftRight;

// Relationship id of the footer in word/_rels/document.xml.rels.
inline constexpr std::string_view kFooterRelId = "rId3";

std::string content_types_xml();
std::string package_rels_xml();
std::string document_rels_xml();
std::string styles_xml();
std::string settings_xml();
std::string footer_xml();
std::string core_properties_xml(std::string_view title, std::string_view created_iso);
std::string app_properties_xml();

}  // namespace paicha::report::docx
