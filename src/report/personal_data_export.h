#pragma once
// The report's personal-data section in the machine formats: the "personal_data" object of
// `report --format json`, and the CSV file written next to the findings CSV. Field and type
// names follow the `pii scan` JSON contract of DESIGN.md (counts{type: n}, totals{type: n}).
#include <nlohmann/json.hpp>
#include <string>

#include "report/personal_data.h"

namespace paicha::report {

// {"places_scanned": n, "places": [{kind, location, sensitivity, counts{}, host, port, engine}],
//  "totals": {type: n}}; engine only for tables, host and port only for a database server's.
nlohmann::json personal_data_json(const PersonalData& data);

// One row per place: kind,location,sensitivity,host,port,engine, then one column per type (the
// known types in their usual order, then any other type found). The header is the same for
// every report without unusual types, so a spreadsheet or script can rely on the columns.
std::string render_personal_data_csv(const PersonalData& data);

// Where `report --format csv -o FILE` puts the personal-data places: next to FILE, so that FILE
// stays one table of findings ("out/report.csv" -> "out/report.personal_data.csv").
std::string personal_data_csv_path(const std::string& findings_csv_path);

}  // namespace paicha::report
