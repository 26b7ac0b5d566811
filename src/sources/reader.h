#pragma once
// Internal entry points of the readers, shared by read_document(), the archive reader (for
// members) and the fuzz targets (which feed memory buffers).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sources/byte_source.h"
#include "sources/document.h"

namespace paicha::sources::detail {

struct ReadContext {
  const ReadOptions& options;
  TextVisitor& visitor;
  int enclosing_archives = 0;  // 0 for a file on disk, 1 for a member of it, ...
};

// Picks the reader from the name's extension and the first bytes (magic numbers win).
DocumentKind sniff_kind(std::string_view name, std::string_view head);

// Reads one document (a file or an archive member) from `raw`: sniffs its kind and encoding,
// decodes it and streams it to the visitor between begin_document and end_document. Problems
// become the skipped reason; it never throws for bad content.
void read_stream(ByteSource& raw, DocumentInfo info, const ReadContext& ctx);

// Same for a buffer in memory (fuzz targets, tests).
void read_buffer(std::string_view data, const std::string& name, const ReadOptions& options,
                 TextVisitor& visitor);

// The readers proper. Text-shaped ones take already-decoded UTF-8; they throw SourceError.
void stream_lines(ByteSource& utf8, const ReadContext& ctx, uint64_t first_line);
void read_csv(ByteSource& utf8, bool tab_separated_name, const ReadContext& ctx);
void read_json(ByteSource& utf8, const ReadContext& ctx);
void read_office(std::string_view zip_bytes, DocumentKind kind, const ReadContext& ctx);
void read_pdf(std::string_view pdf_bytes, const ReadContext& ctx);
// Reads the members of an archive; `archive_path` prefixes their names ("a.zip!x.csv").
// Returns the reason when the archive could only be read in part; throws SourceError when
// it could not be read at all.
std::optional<std::string> read_archive(ByteSource& raw, const std::string& archive_path,
                                        const ReadContext& ctx);

// Table readers treat the first row as a header unless it looks like data (long digit runs,
// e-mail addresses), so that personal data in a header-less first row is still scanned.
bool looks_like_header(const std::vector<std::string>& cells);

}  // namespace paicha::sources::detail
