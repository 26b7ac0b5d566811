#pragma once
// Tracked findings (store/finding_lifecycle.h) for `paicha findings list/show` and `verify`:
// JSON, CSV and terminal tables.
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "store/finding_lifecycle.h"

namespace paicha::report {

nlohmann::json tracked_json(const store::TrackedFinding& finding, const std::string& today);

// format: table, json, csv.
std::string render_tracked(const std::vector<store::TrackedFinding>& findings,
                           const std::string& format, const std::string& today);
// One finding with its history; format: table, json.
std::string render_tracked_detail(const store::TrackedFinding& finding,
                                  const std::vector<store::FindingEvent>& history,
                                  const std::string& format, const std::string& today);

}  // namespace paicha::report
