#pragma once
// The self-inspection report as one self-contained HTML file: inline CSS (with print rules for
// A4), inline SVG charts, no scripts and nothing fetched from anywhere, because government
// intranets have no internet.
#include <functional>
#include <string>
#include <string_view>

#include "report/report_model.h"

namespace paicha::report {

// Receives the document in pieces, so a report over 100,000 problems is never one string.
using TextSink = std::function<void(std::string_view)>;

void write_report_html(const ReportModel& model, const TextSink& sink);
std::string render_report_html(const ReportModel& model);

}  // namespace paicha::report
