#pragma once
// `paicha pii scan` output: JSON (schema in DESIGN.md), CSV and a terminal table.
#include <nlohmann/json.hpp>
#include <string>

#include "pii/scan_result.h"

namespace paicha::pii {

nlohmann::ordered_json to_json(const ScanReport& report, bool with_locations);
// One row per document with a count column per type, then a totals row; with `with_locations`
// instead one row per location (path, type, line, cell, page, sample).
std::string to_csv(const ScanReport& report, bool with_locations);
std::string to_table(const ScanReport& report, bool with_locations);

}  // namespace paicha::pii
