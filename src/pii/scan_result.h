#pragma once
// The result of a personal-data scan: a plain struct per document with counts per type, so
// that the store can persist it as data assets and the forms can use it later.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "pii/types.h"

namespace paicha::pii {

struct Location {
  PiiType type;
  uint64_t line = 0;   // 1-based; 0 if n/a
  std::string cell;    // "Sheet1!B7", "slide 3", or the CSV column header; empty if n/a
  uint32_t page = 0;   // 1-based PDF page; 0 if n/a
  std::string sample;  // masked value
};

// A column of a table-shaped document (csv, xlsx sheet): what its header says and what its
// values turned out to be.
struct ColumnResult {
  std::string name;
  std::optional<PiiType> header_type;  // from the header alone
  TypeCounts counts;                   // validated values found in the column
  // The type of the column: the most frequent validated type, else the header's.
  std::optional<PiiType> type() const;
  // "high" when header and values agree, "medium" from values alone, "low" from header alone.
  std::string_view confidence() const;
};

struct FileResult {
  std::string path;      // archive members as "outer.zip!inner.csv"
  std::string kind;      // text, csv, json, xlsx, ...
  std::string encoding;  // as detected by the reader ("utf-8", "gb18030", ...)
  uint64_t bytes = 0;
  TypeCounts counts;
  std::array<std::vector<std::string>, kTypeCount> samples;  // a few masked values per type
  std::vector<Location> locations;                           // with --locations only
  bool locations_truncated = false;
  std::vector<ColumnResult> columns;
  std::optional<std::string> skipped;  // the reason the document as a whole was not read
  std::vector<std::string> warnings;
};

struct ScanReport {
  std::vector<FileResult> files;
  TypeCounts totals;
  uint64_t bytes = 0;  // bytes of the documents read
  double seconds = 0;
};

}  // namespace paicha::pii
