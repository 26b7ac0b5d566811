#pragma once
// The result of a discover/audit run in the machine formats of DESIGN.md ("Contracts") and as
// a terminal table.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/asset.h"
#include "core/finding.h"
#include "report/personal_data.h"

namespace paicha::report {

// One finding as the JSON contract of DESIGN.md spells it (every JSON writer uses this).
nlohmann::json finding_json(const Finding& f);

struct RunDocument {
  int64_t run_id = 0;
  std::string kind;  // "discover", "audit"
  std::string started_at;
  std::string finished_at;
  std::string status;  // done, interrupted
  std::vector<Asset> assets;
  std::vector<Finding> findings;
  std::vector<std::pair<std::string, std::string>>
      notes;  // ("host:port", what could not be checked)
  // `paicha report` only: the latest personal-data runs, as in the DOCX/HTML report. Unset for
  // discover and audit output, whose contract has no such section.
  std::optional<PersonalData> personal_data;
};

std::string render_json(const RunDocument& doc);
std::string render_ndjson(const RunDocument& doc);
std::string render_csv(const RunDocument& doc);
std::string render_table(const RunDocument& doc);

// RFC 4180 quoting; also neutralises leading = + - @ so spreadsheets do not run formulas that
// a hostile banner could plant.
std::string csv_field(std::string_view value);

// format: json, ndjson, csv, sarif (report/sarif.h) or table.
std::string render(const RunDocument& doc, const std::string& format);

}  // namespace paicha::report
