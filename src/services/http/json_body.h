#pragma once
// JSON bodies of HTTP replies, parsed without exceptions.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace paicha::services::http {

// The body as a JSON object, or nullopt when it is not one.
std::optional<nlohmann::json> parse_json_object(std::string_view body);

// object[key] when it is a string.
std::optional<std::string> json_string(const nlohmann::json& object, std::string_view key);

}  // namespace paicha::services::http
