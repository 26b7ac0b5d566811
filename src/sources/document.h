#pragma once
// The seam between file readers (sources/) and the personal-data detector (pii/).
//
// Readers turn any supported file into UTF-8 text chunks with positions; the detector never
// sees a file format or an encoding. Everything here is streaming: memory stays bounded by
// the chunk size whatever the file size.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace paicha::sources {

enum class DocumentKind {
  text,     // plain text, logs, SQL dumps, XML, HTML
  csv,      // CSV/TSV (delimiter detected)
  json,     // JSON / NDJSON
  xlsx,     // Office Open XML spreadsheet
  docx,     // Office Open XML document
  pptx,     // Office Open XML presentation
  pdf,      // PDF (text layer via poppler)
  archive,  // .zip .tar .tar.gz .tgz .gz: members are documents of their own
  binary,   // not text: skipped
};

std::string_view to_string(DocumentKind kind);

// Where a chunk of text sits in its document, for `--locations`.
struct Position {
  uint64_t line = 0;  // 1-based line of the chunk's first byte (text, csv, json); 0 if n/a
  std::string cell;   // "Sheet1!B7" (xlsx), "slide 3" (pptx); empty if n/a
  uint32_t page = 0;  // 1-based PDF page; 0 if n/a
};

struct DocumentInfo {
  std::string path;  // file path; archive members as "outer.zip!dir/inner.csv"
  DocumentKind kind = DocumentKind::text;
  std::string encoding;  // "utf-8", "gb18030", "utf-16le", "utf-16be", "ascii"; "" if n/a
  uint64_t bytes = 0;    // size of the document as stored (uncompressed member size)
};

class TextVisitor {
 public:
  virtual ~TextVisitor() = default;
  virtual void begin_document(const DocumentInfo& doc) = 0;
  // Table-shaped documents (csv, xlsx sheets) announce their header row before its data.
  virtual void header(const std::vector<std::string>& columns) { (void)columns; }
  // UTF-8 text. A chunk holds whole lines (a longer line than ReadOptions::max_line is cut and
  // reported through warning()). `field` is the column header, JSON key or XML element this
  // text is the value of, when the format knows it; empty for free text. For csv, chunks are
  // raw delimited lines (so the detector can run over big blocks) and `field` is empty; the
  // detector maps a match to its column through header() and `delimiter`.
  virtual void text(std::string_view utf8, const Position& pos, std::string_view field) = 0;
  // Something in the document could not be read but the rest was (e.g. an over-long line).
  virtual void warning(std::string_view message) { (void)message; }
  // `skipped` holds the reason when the document as a whole was not read (binary, unreadable,
  // broken archive, over --max-size, ...).
  virtual void end_document(const DocumentInfo& doc, const std::optional<std::string>& skipped) = 0;
  char delimiter = ',';  // set by the csv reader before text() calls
};

struct ReadOptions {
  std::vector<std::string> include_globs;  // empty: everything
  std::vector<std::string> exclude_globs;
  uint64_t max_size = 0;                   // 0: no limit; larger files are skipped
  size_t chunk_bytes = 1 << 20;            // target chunk size for text()
  size_t max_line = 1 << 20;               // longer lines are cut and reported
  int max_archive_depth = 4;               // nested archives deeper than this are skipped
  uint64_t max_member_bytes = 4ull << 30;  // bomb guard for a single archive member
  bool follow_symlinks = true;             // with loop detection
};

// Lists the files under `paths` (files given directly are always listed), applying globs.
// Symlink loops and unreadable directories are reported through `on_error` and skipped.
void walk(const std::vector<std::filesystem::path>& paths, const ReadOptions& options,
          const std::function<void(const std::filesystem::path&)>& on_file,
          const std::function<void(const std::filesystem::path&, std::string_view)>& on_error);

// Reads one file (recursing into archives) and streams it to `visitor`. Never throws for bad
// content: problems become `skipped` reasons or warnings.
void read_document(const std::filesystem::path& file, const ReadOptions& options,
                   TextVisitor& visitor);

// For splitting one large plain UTF-8 file across threads: tells whether `file` is plain
// UTF-8/ASCII text or csv with no BOM translation needed, so byte ranges can be scanned
// independently. Returns the kind when it is, nullopt otherwise.
std::optional<DocumentKind> plain_utf8_kind(const std::filesystem::path& file);

}  // namespace paicha::sources
