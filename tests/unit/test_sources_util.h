#pragma once
// Helpers for the sources tests: a visitor that records everything, temp directories and
// archive/OOXML builders (fixtures are made at test time, not checked in as binaries).
#include <archive.h>
#include <archive_entry.h>
#include <gtest/gtest.h>
#include <iconv.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "sources/document.h"

namespace paicha::sources::testing {

struct Chunk {
  std::string text;
  Position pos;
  std::string field;
};

struct RecordedDoc {
  DocumentInfo begin_info;
  DocumentInfo end_info;
  std::vector<std::string> header;
  std::vector<Chunk> chunks;
  std::vector<std::string> warnings;
  std::optional<std::string> skipped;
  char delimiter = ',';
  bool ended = false;

  std::string all_text() const {
    std::string out;
    for (const auto& c : chunks) out += c.text;
    return out;
  }
  const Chunk* find(std::string_view needle) const {
    for (const auto& c : chunks) {
      if (c.text.find(needle) != std::string::npos) return &c;
    }
    return nullptr;
  }
};

class Recorder : public TextVisitor {
 public:
  std::vector<RecordedDoc> docs;

  void begin_document(const DocumentInfo& doc) override {
    EXPECT_FALSE(open_) << "nested begin_document for " << doc.path;
    open_ = true;
    docs.emplace_back();
    docs.back().begin_info = doc;
  }
  void header(const std::vector<std::string>& columns) override {
    EXPECT_TRUE(open_);
    if (open_) docs.back().header = columns;
  }
  void text(std::string_view utf8, const Position& pos, std::string_view field) override {
    EXPECT_TRUE(open_);
    EXPECT_FALSE(utf8.empty());
    if (!open_) return;
    docs.back().delimiter = delimiter;
    docs.back().chunks.push_back({std::string(utf8), pos, std::string(field)});
  }
  void warning(std::string_view message) override {
    EXPECT_TRUE(open_);
    if (open_) docs.back().warnings.emplace_back(message);
  }
  void end_document(const DocumentInfo& doc, const std::optional<std::string>& skipped) override {
    EXPECT_TRUE(open_) << "end_document without begin for " << doc.path;
    open_ = false;
    EXPECT_EQ(docs.back().begin_info.path, doc.path);
    docs.back().end_info = doc;
    docs.back().skipped = skipped;
    docs.back().ended = true;
  }

  const RecordedDoc* by_path(std::string_view path) const {
    for (const auto& d : docs) {
      if (d.end_info.path == path) return &d;
    }
    return nullptr;
  }
  const RecordedDoc& only() const {
    EXPECT_EQ(docs.size(), 1u);
    return docs.front();
  }

 private:
  bool open_ = false;
};

class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "paicha-sources-XXXXXX").string();
    path_ = ::mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path write(const std::string& name, std::string_view bytes) const {
    auto p = path_ / name;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return p;
  }

 private:
  std::filesystem::path path_;
};

inline std::string iconv_to(const char* encoding, std::string_view utf8) {
  iconv_t cd = iconv_open(encoding, "UTF-8");
  EXPECT_NE(cd, reinterpret_cast<iconv_t>(-1));
  std::string out(utf8.size() * 4 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  size_t in_left = utf8.size();
  char* op = out.data();
  size_t out_left = out.size();
  EXPECT_NE(iconv(cd, &in, &in_left, &op, &out_left), static_cast<size_t>(-1));
  iconv_close(cd);
  out.resize(out.size() - out_left);
  return out;
}

// Builds an archive in memory: format "zip", "tar", "gnutar"; filter "gzip" or "".
// An empty member list with format "raw" and filter "gzip" makes a bare .gz of one file.
inline std::string make_archive(const std::string& format, const std::string& filter,
                                const std::vector<std::pair<std::string, std::string>>& members) {
  struct archive* a = archive_write_new();
  if (format == "zip")
    archive_write_set_format_zip(a);
  else if (format == "raw")
    archive_write_set_format_raw(a);
  else
    archive_write_set_format_gnutar(a);
  if (filter == "gzip") archive_write_add_filter_gzip(a);
  std::string buffer(1 << 22, '\0');
  size_t used = 0;
  EXPECT_EQ(archive_write_open_memory(a, buffer.data(), buffer.size(), &used), ARCHIVE_OK)
      << archive_error_string(a);
  for (const auto& [name, data] : members) {
    struct archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, name.c_str());
    archive_entry_set_size(e, static_cast<la_int64_t>(data.size()));
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    EXPECT_EQ(archive_write_header(a, e), ARCHIVE_OK) << archive_error_string(a);
    EXPECT_EQ(archive_write_data(a, data.data(), data.size()),
              static_cast<la_ssize_t>(data.size()));
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
  buffer.resize(used);
  return buffer;
}

// A minimal xlsx with one sheet "人员" and shared strings, as Excel writes it.
inline std::string make_xlsx(const std::vector<std::vector<std::string>>& rows) {
  std::string shared =
      R"(<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)";
  std::string sheet =
      R"(<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)";
  int index = 0;
  for (size_t r = 0; r < rows.size(); ++r) {
    sheet += "<row r=\"" + std::to_string(r + 1) + "\">";
    for (size_t c = 0; c < rows[r].size(); ++c) {
      std::string ref = std::string(1, static_cast<char>('A' + c)) + std::to_string(r + 1);
      const std::string& v = rows[r][c];
      bool numeric = !v.empty() && v.find_first_not_of("0123456789") == std::string::npos;
      if (numeric) {
        sheet += "<c r=\"" + ref + "\"><v>" + v + "</v></c>";
      } else {
        shared += "<si><t>" + v + "</t></si>";
        sheet += "<c r=\"" + ref + "\" t=\"s\"><v>" + std::to_string(index++) + "</v></c>";
      }
    }
    sheet += "</row>";
  }
  shared += "</sst>";
  sheet += "</sheetData></worksheet>";
  return make_archive(
      "zip", "",
      {{"[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>"},
       {"xl/workbook.xml",
        R"(<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="人员" sheetId="1" r:id="rId1"/></sheets></workbook>)"},
       {"xl/_rels/workbook.xml.rels",
        R"(<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/></Relationships>)"},
       {"xl/sharedStrings.xml", shared},
       {"xl/worksheets/sheet1.xml", sheet}});
}

inline std::string make_docx(const std::vector<std::string>& paragraphs) {
  std::string body =
      R"(<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>)";
  for (const auto& p : paragraphs)
    body += "<w:p><w:r><w:t xml:space=\"preserve\">" + p + "</w:t></w:r></w:p>";
  body += "</w:body></w:document>";
  return make_archive(
      "zip", "",
      {{"[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>"}, {"word/document.xml", body}});
}

inline std::string make_pptx(const std::vector<std::string>& slides) {
  std::vector<std::pair<std::string, std::string>> parts = {
      {"[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>"}};
  for (size_t i = 0; i < slides.size(); ++i) {
    parts.push_back(
        {"ppt/slides/slide" + std::to_string(i + 1) + ".xml",
         R"(<?xml version="1.0"?><p:sld xmlns:p="p" xmlns:a="a"><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>)" +
             slides[i] + "</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>"});
  }
  return make_archive("zip", "", parts);
}

}  // namespace paicha::sources::testing
