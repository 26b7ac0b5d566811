#include <gtest/gtest.h>
#include <zip.h>

#include <algorithm>
#include <map>
#include <pugixml.hpp>

#include "core/i18n.h"
#include "report/report_docx.h"
#include "report/report_layout.h"
#include "test_report_support.h"

namespace paicha::report {

namespace {

// Every entry of a ZIP held in memory: name -> content.
std::map<std::string, std::string> unzip(const std::string& bytes) {
  std::map<std::string, std::string> entries;
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  if (!archive) {
    zip_source_free(source);
    ADD_FAILURE() << zip_error_strerror(&error);
    return entries;
  }
  for (zip_int64_t i = 0; i < zip_get_num_entries(archive, 0); ++i) {
    zip_stat_t st;
    zip_stat_index(archive, i, 0, &st);
    std::string content(st.size, '\0');
    zip_file_t* file = zip_fopen_index(archive, i, 0);
    zip_fread(file, content.data(), st.size);
    zip_fclose(file);
    entries[st.name] = std::move(content);
  }
  zip_close(archive);
  return entries;
}

std::string paragraph_text(const pugi::xml_node& p) {
  std::string text;
  for (auto t : p.select_nodes(".//w:t")) text += t.node().text().get();
  return text;
}

}  // namespace

TEST(ReportDocx, PackageHasTheRequiredPartsAndParses) {
  set_lang(Lang::zh);
  const auto entries = unzip(render_report_docx(testing::sample_model(), "2026-11-21T00:00:00Z"));
  for (const char* part : {"[Content_Types].xml", "_rels/.rels", "word/document.xml",
                           "word/_rels/document.xml.rels", "word/styles.xml", "word/settings.xml",
                           "word/footer1.xml", "docProps/core.xml", "docProps/app.xml"}) {
    ASSERT_TRUE(entries.count(part)) << part;
    pugi::xml_document doc;
    EXPECT_TRUE(doc.load_buffer(entries.at(part).data(), entries.at(part).size())) << part;
  }
  EXPECT_NE(entries.at("word/styles.xml").find("w:eastAsia=\"宋体\""), std::string::npos);
  EXPECT_NE(entries.at("word/styles.xml").find("w:eastAsia=\"仿宋\""), std::string::npos);
  EXPECT_NE(entries.at("word/footer1.xml").find(" PAGE "), std::string::npos);
  EXPECT_NE(entries.at("[Content_Types].xml").find("/word/footer1.xml"), std::string::npos);
}

TEST(ReportDocx, SectionsAreRealHeadingsAndProblemsRealTables) {
  set_lang(Lang::zh);
  const std::string xml = render_docx_document_xml(testing::sample_model());
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_buffer(xml.data(), xml.size()));
  std::vector<std::string> headings;
  for (auto p : doc.select_nodes("//w:p[w:pPr/w:pStyle/@w:val='Heading1']"))
    headings.push_back(paragraph_text(p.node()));
  const SectionTitles titles = section_titles();
  EXPECT_EQ(headings,
            (std::vector<std::string>{titles.overview, titles.method, titles.findings,
                                      titles.remediation, titles.next_steps, titles.appendix}));
  EXPECT_GE(doc.select_nodes("//w:tbl").size(), 5u);
  EXPECT_EQ(doc.select_nodes("//w:tbl").size(), doc.select_nodes("//w:tblHeader").size());
  EXPECT_NE(xml.find("口令 ro****23"), std::string::npos);  // masked evidence, as stored
  EXPECT_NE(xml.find("redis.unauthorized_access"), std::string::npos);
  EXPECT_NE(xml.find("w:w=\"11906\" w:h=\"16838\""), std::string::npos);  // A4 portrait
  EXPECT_NE(xml.find("w:footerReference"), std::string::npos);
}

// Word refuses property elements out of the schema's sequence (ECMA-376 Part 1, CT_PPrBase,
// CT_RPr, CT_TblPr, CT_TcPr): check every one that paicha writes.
TEST(ReportDocx, PropertyElementsFollowTheSchemaOrder) {
  const std::map<std::string, std::vector<std::string>> order = {
      {"w:pPr",
       {"w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:widowControl", "w:numPr",
        "w:pBdr", "w:shd", "w:tabs", "w:spacing", "w:ind", "w:contextualSpacing", "w:jc",
        "w:outlineLvl", "w:rPr"}},
      {"w:rPr",
       {"w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:color", "w:sz", "w:szCs",
        "w:shd", "w:lang"}},
      {"w:tblPr",
       {"w:tblStyle", "w:tblW", "w:jc", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout",
        "w:tblCellMar", "w:tblLook"}},
      {"w:tcPr", {"w:tcW", "w:gridSpan", "w:vMerge", "w:tcBorders", "w:shd", "w:vAlign"}},
      {"w:style", {"w:name", "w:basedOn", "w:next", "w:qFormat", "w:pPr", "w:rPr", "w:tblPr"}},
  };
  const auto entries = unzip(render_report_docx(testing::sample_model(), "2026-11-21T00:00:00Z"));
  for (const char* part : {"word/document.xml", "word/styles.xml", "word/footer1.xml"}) {
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_buffer(entries.at(part).data(), entries.at(part).size()));
    for (const auto& [parent, sequence] : order) {
      for (auto node : doc.select_nodes(("//" + parent).c_str())) {
        size_t last = 0;
        for (auto child : node.node().children()) {
          auto at = std::find(sequence.begin(), sequence.end(), child.name());
          ASSERT_NE(at, sequence.end()) << part << ": " << child.name() << " in " << parent;
          const size_t index = static_cast<size_t>(at - sequence.begin());
          EXPECT_GE(index, last) << part << ": " << child.name() << " out of order in " << parent;
          last = index;
        }
      }
    }
  }
}

TEST(ReportDocx, HostileTextCannotBreakTheXml) {
  ReportInputs in = testing::sample_inputs();
  in.findings[0].evidence = "</w:t></w:r><w:r><w:t>x & \x01 \xff <b>";
  const std::string xml =
      render_docx_document_xml(build_report_model(in, RuleCatalogue::builtin()));
  pugi::xml_document doc;
  ASSERT_TRUE(doc.load_buffer(xml.data(), xml.size()));
  bool found = false;
  for (auto t : doc.select_nodes("//w:t"))
    if (std::string(t.node().text().get()).starts_with("</w:t>")) found = true;
  EXPECT_TRUE(found);  // kept as text, not markup
}

TEST(ReportDocx, EmptyRunSaysNoProblems) {
  set_lang(Lang::zh);
  ReportInputs in = testing::sample_inputs();
  in.findings.clear();
  const std::string xml =
      render_docx_document_xml(build_report_model(in, RuleCatalogue::builtin()));
  EXPECT_NE(xml.find("未发现问题"), std::string::npos);
  EXPECT_EQ(xml.find("P0001"), std::string::npos);
}

}  // namespace paicha::report
