#include "report/docx_parts.h"

#include <fmt/format.h>

#include "report/xml_text.h"

namespace paicha::report::docx {

namespace {
constexpr std::string_view kXmlDecl =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
constexpr std::string_view kW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr std::string_view kRelTypes =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

// Latin text in Times New Roman; Chinese in the font of the style (宋体, 仿宋, 黑体). LibreOffice
// and Word substitute an installed CJK font when one is missing.
std::string fonts(std::string_view east_asia) {
  return fmt::format(
      "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" w:eastAsia=\"{0}\" "
      "w:cs=\"Times New Roman\" w:hint=\"eastAsia\"/>",
      east_asia);
}

std::string paragraph_style(std::string_view id, std::string_view name, std::string_view ppr,
                            std::string_view rpr, int outline_level = -1) {
  return fmt::format(
      "<w:style w:type=\"paragraph\" w:styleId=\"{}\"><w:name w:val=\"{}\"/>"
      "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"Body\"/><w:qFormat/>"
      "<w:pPr>{}{}</w:pPr><w:rPr>{}</w:rPr></w:style>",
      id, name, ppr,
      outline_level >= 0 ? fmt::format("<w:outlineLvl w:val=\"{}\"/>", outline_level) : "", rpr);
}
}  // namespace

std::string content_types_xml() {
  return std::string(kXmlDecl) +
         "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
         "<Default Extension=\"rels\" "
         "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
         "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
         "<Override PartName=\"/word/document.xml\" ContentType=\"application/"
         "vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>"
         "<Override PartName=\"/word/styles.xml\" ContentType=\"application/"
         "vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>"
         "<Override PartName=\"/word/settings.xml\" ContentType=\"application/"
         "vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>"
         "<Override PartName=\"/word/footer1.xml\" ContentType=\"application/"
         "vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>"
         "<Override PartName=\"/docProps/core.xml\" "
         "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
         "<Override PartName=\"/docProps/app.xml\" ContentType=\"application/"
         "vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
         "</Types>";
}

std::string package_rels_xml() {
  return fmt::format(
      "{}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" Type=\"{}/officeDocument\" Target=\"word/document.xml\"/>"
      "<Relationship Id=\"rId2\" "
      "Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
      "core-properties\" Target=\"docProps/core.xml\"/>"
      "<Relationship Id=\"rId3\" Type=\"{}/extended-properties\" Target=\"docProps/app.xml\"/>"
      "</Relationships>",
      kXmlDecl, kRelTypes, kRelTypes);
}

std::string document_rels_xml() {
  return fmt::format(
      "{}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
      "<Relationship Id=\"rId1\" Type=\"{}/styles\" Target=\"styles.xml\"/>"
      "<Relationship Id=\"rId2\" Type=\"{}/settings\" Target=\"settings.xml\"/>"
      "<Relationship Id=\"{}\" Type=\"{}/footer\" Target=\"footer1.xml\"/>"
      "</Relationships>",
      kXmlDecl, kRelTypes, kRelTypes, kFooterRelId, kRelTypes);
}

std::string styles_xml() {
  std::string xml = fmt::format("{}<w:styles xmlns:w=\"{}\">", kXmlDecl, kW);
  // Normal is what table cells use (no paragraph properties there keeps big tables small):
  // 五号 (10.5 pt), single spacing. Running text uses Body.
  xml += fmt::format(
      "<w:docDefaults><w:rPrDefault><w:rPr>{}<w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/>"
      "<w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/></w:rPr></w:rPrDefault>"
      "<w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"260\" w:lineRule=\"auto\"/>"
      "</w:pPr></w:pPrDefault></w:docDefaults>",
      fonts("宋体"));
  xml +=
      "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name "
      "w:val=\"Normal\"/>"
      "<w:qFormat/></w:style>";
  xml += paragraph_style(
      "Title", "Title", "<w:spacing w:before=\"240\" w:after=\"120\"/><w:jc w:val=\"center\"/>",
      fonts("宋体") + "<w:b/><w:bCs/><w:sz w:val=\"44\"/><w:szCs w:val=\"44\"/>");
  xml += paragraph_style("Subtitle", "Subtitle",
                         "<w:spacing w:after=\"120\"/><w:jc w:val=\"center\"/>",
                         fonts("仿宋") + "<w:sz w:val=\"30\"/><w:szCs w:val=\"30\"/>");
  // 正文：仿宋 四号-ish (14 pt is common; 12 pt keeps tables and text balanced), indented 2 chars.
  xml += paragraph_style(
      "Body", "Body Text",
      "<w:spacing w:before=\"60\" w:after=\"60\" w:line=\"360\" w:lineRule=\"auto\"/>"
      "<w:ind w:firstLineChars=\"200\" w:firstLine=\"480\"/><w:jc w:val=\"both\"/>",
      fonts("仿宋") + "<w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/>");
  xml += paragraph_style("Remedy", "Remediation",
                         "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F2F2F2\"/>"
                         "<w:spacing w:before=\"60\" w:after=\"120\"/><w:ind w:left=\"420\"/>",
                         fonts("仿宋") + "<w:sz w:val=\"22\"/><w:szCs w:val=\"22\"/>");
  xml += paragraph_style(
      "ListBullet", "List Bullet",
      "<w:spacing w:before=\"40\" w:after=\"40\" w:line=\"360\" w:lineRule=\"auto\"/>"
      "<w:ind w:left=\"480\" w:hanging=\"240\"/>",
      fonts("仿宋") + "<w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/>");
  const std::string keep = "<w:keepNext/><w:keepLines/>";
  xml += paragraph_style(
      "Heading1", "heading 1", keep + "<w:spacing w:before=\"360\" w:after=\"160\"/>",
      fonts("黑体") + "<w:b/><w:bCs/><w:sz w:val=\"32\"/><w:szCs w:val=\"32\"/>", 0);
  xml += paragraph_style(
      "Heading2", "heading 2", keep + "<w:spacing w:before=\"240\" w:after=\"120\"/>",
      fonts("楷体") + "<w:b/><w:bCs/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/>", 1);
  xml += paragraph_style(
      "Heading3", "heading 3", keep + "<w:spacing w:before=\"200\" w:after=\"80\"/>",
      fonts("仿宋") + "<w:b/><w:bCs/><w:sz w:val=\"24\"/><w:szCs w:val=\"24\"/>", 2);
  xml += paragraph_style("Caption", "caption", "<w:spacing w:before=\"60\" w:after=\"60\"/>",
                         "<w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/>");
  xml += paragraph_style("Footer", "footer", "<w:jc w:val=\"center\"/>",
                         "<w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/>");
  xml +=
      "<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\">"
      "<w:name w:val=\"Normal Table\"/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/>"
      "<w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>"
      "<w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar>"
      "</w:tblPr></w:style>";
  xml += "</w:styles>";
  return xml;
}

std::string settings_xml() {
  return fmt::format(
      "{}<w:settings xmlns:w=\"{}\"><w:defaultTabStop w:val=\"420\"/>"
      "<w:characterSpacingControl w:val=\"compressPunctuation\"/>"
      "<w:compat><w:compatSetting w:name=\"compatibilityMode\" "
      "w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>"
      "</w:settings>",
      kXmlDecl, kW);
}

std::string footer_xml() {
  // "- 1 -" centred, as Chinese official documents number their pages.
  return fmt::format(
      "{}<w:ftr xmlns:w=\"{}\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr>"
      "<w:r><w:t xml:space=\"preserve\">- </w:t></w:r>"
      "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>"
      "<w:r><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>"
      "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>1</w:t></w:r>"
      "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
      "<w:r><w:t xml:space=\"preserve\"> -</w:t></w:r></w:p></w:ftr>",
      kXmlDecl, kW);
}

std::string core_properties_xml(std::string_view title, std::string_view created_iso) {
  return fmt::format(
      "{}<cp:coreProperties "
      "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
      "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
      "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
      "<dc:title>{}</dc:title><dc:creator>paicha</dc:creator>"
      "<dcterms:created xsi:type=\"dcterms:W3CDTF\">{}</dcterms:created>"
      "</cp:coreProperties>",
      kXmlDecl, xml_escaped(title), xml_escaped(created_iso));
}

std::string app_properties_xml() {
  return fmt::format(
      "{}<Properties "
      "xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
      "<Application>paicha {}</Application></Properties>",
      kXmlDecl, PAICHA_VERSION);
}

}  // namespace paicha::report::docx
