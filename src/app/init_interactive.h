#pragma once
// `paicha init` on a terminal: asks for each value of the unit profile in turn, showing the
// current value as the default in brackets, and asks again when a value is not valid.
#include <iosfwd>
#include <string>
#include <vector>

#include "core/profile.h"

namespace paicha::app {

// Reads answers from `in` and writes prompts to `out`. An empty answer keeps the default; the end
// of input keeps every remaining default.
// "a, b，c" -> {a, b, c} (people type Chinese commas too); blanks dropped, items trimmed.
std::vector<std::string> split_list(const std::string& text);

void ask_profile(UnitProfile& profile, std::istream& in, std::ostream& out);

}  // namespace paicha::app
