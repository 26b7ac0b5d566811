#pragma once
// The personal-data section of the report: the places that the latest `pii scan` / `pii db` runs
// found personal information in, and the values per type. One builder for every report format
// (DOCX, HTML, JSON, CSV, SARIF), so they all count the same places.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "store/data_asset.h"

namespace paicha::report {

// A place holding personal information (from `pii scan` / `pii db`). Counts only, never values.
struct PersonalDataPlace {
  std::string kind;      // file, table
  std::string location;  // path or engine://host:port/db.schema.table (no passwords)
  std::string sensitivity;
  std::map<std::string, uint64_t> counts;  // type -> values; types without values left out
  // Tables only: the database endpoint, so that a place can sit next to that service's findings.
  std::string host;  // empty for files and SQLite
  uint16_t port = 0;
  std::string engine;
};

struct PersonalData {
  std::vector<PersonalDataPlace> places;   // only places with at least one value
  std::map<std::string, uint64_t> totals;  // type -> values over all places
  size_t places_scanned = 0;               // places measured, with or without personal data
};

// Moves the counts out of `assets`.
PersonalData collect_personal_data(std::vector<store::DataAsset>& assets);

// Personal-data type in the current language: 身份证号, 手机号 ...; unknown types unchanged.
std::string pii_type_label(std::string_view type);

}  // namespace paicha::report
