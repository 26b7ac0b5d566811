#include <algorithm>
#include <array>
#include <string>

#include "sources/reader.h"

namespace paicha::sources::detail {
namespace {

std::string lower_extension(std::string_view name) {
  size_t slash = name.find_last_of("/!");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) return "";
  std::string ext(name.substr(dot + 1));
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

bool has_archive_magic(std::string_view head) {
  static constexpr std::array<std::string_view, 7> kMagics = {
      std::string_view("\x1f\x8b", 2),  // gzip
      std::string_view("BZh", 3),       // bzip2
      std::string_view("\xfd"
                       "7zXZ\0",
                       6),                        // xz
      std::string_view("\x28\xb5\x2f\xfd", 4),    // zstd
      std::string_view("7z\xbc\xaf\x27\x1c", 6),  // 7-Zip
      std::string_view("Rar!\x1a\x07", 6),        // RAR
      std::string_view("PK\x05\x06", 4),          // empty zip
  };
  for (std::string_view magic : kMagics) {
    if (head.starts_with(magic)) return true;
  }
  // POSIX and GNU tar put "ustar" at offset 257.
  return head.size() >= 262 && head.substr(257, 5) == "ustar";
}

// OOXML packages are zips; their part names sit in the local headers near the start.
DocumentKind zip_kind(std::string_view ext, std::string_view head) {
  if (ext == "xlsx" || ext == "xlsm") return DocumentKind::xlsx;
  if (ext == "docx" || ext == "docm") return DocumentKind::docx;
  if (ext == "pptx" || ext == "pptm") return DocumentKind::pptx;
  if (head.find("xl/") != std::string_view::npos &&
      head.find("[Content_Types].xml") != std::string_view::npos) {
    return DocumentKind::xlsx;
  }
  if (head.find("word/") != std::string_view::npos &&
      head.find("[Content_Types].xml") != std::string_view::npos) {
    return DocumentKind::docx;
  }
  if (head.find("ppt/") != std::string_view::npos &&
      head.find("[Content_Types].xml") != std::string_view::npos) {
    return DocumentKind::pptx;
  }
  return DocumentKind::archive;
}

bool has_binary_magic(std::string_view head) {
  static constexpr std::array<std::string_view, 6> kMagics = {
      std::string_view("\x7f"
                       "ELF",
                       4),
      std::string_view("\x89PNG", 4),
      std::string_view("\xff\xd8\xff", 3),
      std::string_view("GIF8", 4),
      std::string_view("SQLite format 3\0", 16),
      std::string_view("\xd0\xcf\x11\xe0", 4),  // OLE2: legacy .doc/.xls
  };
  return std::any_of(kMagics.begin(), kMagics.end(),
                     [&](std::string_view magic) { return head.starts_with(magic); });
}

}  // namespace

DocumentKind sniff_kind(std::string_view name, std::string_view head) {
  std::string ext = lower_extension(name);
  if (head.starts_with("PK\x03\x04")) return zip_kind(ext, head);
  if (head.substr(0, 1024).find("%PDF-") != std::string_view::npos) return DocumentKind::pdf;
  if (has_archive_magic(head)) return DocumentKind::archive;
  if (has_binary_magic(head)) return DocumentKind::binary;
  if (ext == "csv" || ext == "tsv" || ext == "tab") return DocumentKind::csv;
  if (ext == "json" || ext == "ndjson" || ext == "jsonl" || ext == "geojson") {
    return DocumentKind::json;
  }
  return DocumentKind::text;
}

}  // namespace paicha::sources::detail
