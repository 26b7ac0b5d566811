#pragma once
// The report's personal-data places as SARIF results (report/sarif.h writes the log). Each place
// is one result of the catalogue rule kPersonalDataRule, so dashboards list where personal
// information is kept next to the problems found. A file is its own artifact (a file URI); a
// table sits on the artifact of its database service, hosts/<host>/<port>/<engine>, like that
// service's findings, with the table as a logical location.
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "report/personal_data.h"

namespace paicha {
struct Rule;
}

namespace paicha::report {

// rules/pii.yaml: its title, severity and remediation are data, not code.
inline constexpr std::string_view kPersonalDataRule = "pii.personal_data_stored";

// `rule` is the catalogue's kPersonalDataRule; `rule_index` its place in the driver's rules.
nlohmann::json sarif_personal_data_result(const PersonalDataPlace& place, const Rule& rule,
                                          size_t rule_index);

// A local path as a URI reference: "file:///srv/a%20b.csv" for an absolute path, the
// percent-encoded relative path otherwise. Everything but unreserved characters, "/" and the
// sub-delimiters (which archive members use: "a.zip!b.csv") is percent-encoded, so UTF-8 names
// and spaces stay valid URIs.
std::string sarif_file_uri(std::string_view path);

}  // namespace paicha::report
