#pragma once
// `pii db` results as JSON (DESIGN.md contract: sources[] > tables[] > columns[]), CSV (one
// line per column) and a terminal table (per source, the tables that hold personal data).
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/finding.h"
#include "pii/db_scan.h"

namespace paicha::pii {

nlohmann::json db_to_json(const std::vector<DbSourceResult>& sources,
                          const std::vector<Finding>& findings, int64_t run_id, bool exact);
std::string db_to_csv(const std::vector<DbSourceResult>& sources);
std::string db_to_table(const std::vector<DbSourceResult>& sources,
                        const std::vector<Finding>& findings);

}  // namespace paicha::pii
