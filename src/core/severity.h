#pragma once
// Finding severities, ordered so that `a < b` means "a is less severe than b".
#include <optional>
#include <string_view>

namespace paicha {

enum class Severity { info, low, medium, high, critical };

// Machine name: "critical", "high", "medium", "low", "info" (the JSON contract of DESIGN.md).
std::string_view to_string(Severity severity);

// Accepts the machine names in any letter case; nullopt for anything else.
std::optional<Severity> parse_severity(std::string_view text);

// Label for people in the current language: 严重/高危/中危/低危/提示 or Critical/High/...
std::string_view severity_label(Severity severity);

}  // namespace paicha
