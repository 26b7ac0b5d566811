#include "services/http/json_body.h"

namespace paicha::services::http {

std::optional<nlohmann::json> parse_json_object(std::string_view body) {
  try {
    nlohmann::json parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_object()) return std::nullopt;
    return parsed;
  } catch (...) {  // allocation failures: the reply is simply not usable
    return std::nullopt;
  }
}

std::optional<std::string> json_string(const nlohmann::json& object, std::string_view key) {
  if (!object.is_object()) return std::nullopt;
  const auto it = object.find(key);
  if (it == object.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

}  // namespace paicha::services::http
