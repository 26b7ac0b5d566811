#pragma once
// Text made safe for XML and HTML: the five markup characters escaped, control characters that
// XML 1.0 forbids dropped, and invalid UTF-8 replaced by U+FFFD. Banners and evidence come from
// the network, so a hostile service must not be able to break (or inject into) a report.
#include <string>
#include <string_view>

namespace paicha::report {

void append_xml_escaped(std::string& out, std::string_view text);
std::string xml_escaped(std::string_view text);

}  // namespace paicha::report
