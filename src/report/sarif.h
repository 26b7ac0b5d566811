#pragma once
// SARIF 2.1.0 (OASIS) for code-scanning dashboards: one run, paicha as the tool with the rules
// that fired, one result per finding, and for `paicha report` one per place holding personal
// data (report/sarif_personal_data.h). A finding is about a network service, not a source file.
// GitHub code scanning rejects location URIs with a scheme it does not know ("unrecognized SARIF
// location URI scheme") and results without a location, so each result's artifact is the
// relative path hosts/<host>/<port>/<service>; the service is also a logical location
// (redis://host:port) and the result's properties carry endpoint tcp://host:port.
#include <string>

#include "report/run_document.h"

namespace paicha {
class RuleCatalogue;
}

namespace paicha::report {

std::string render_sarif(const RunDocument& doc);
std::string render_sarif(const RunDocument& doc, const RuleCatalogue& catalogue);

// "error" for critical and high, "warning" for medium, "note" below.
std::string_view sarif_level(Severity severity);
// GitHub's security-severity scale (0.1-10): critical 9.5, high 8.0, medium 5.5, low 3.0,
// info 0.0.
std::string_view sarif_security_severity(Severity severity);

}  // namespace paicha::report
