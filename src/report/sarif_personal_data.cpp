#include "report/sarif_personal_data.h"

#include <fmt/format.h>

#include <vector>

#include "core/i18n.h"
#include "core/rules.h"
#include "report/sarif.h"

namespace paicha::report {

std::string sarif_file_uri(std::string_view path) {
  static constexpr std::string_view kKeep =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/!$&'()*+,;=@";
  std::string uri = !path.empty() && path.front() == '/' ? "file://" : "";
  for (unsigned char c : path) {
    if (kKeep.find(static_cast<char>(c)) != std::string_view::npos)
      uri.push_back(static_cast<char>(c));
    else
      uri += fmt::format("%{:02X}", c);  // also ':', which would read as a scheme in "a:b.csv"
  }
  return uri;
}

namespace {

// "mysql://10.1.0.5:3306/erp.customers" -> "erp.customers".
std::string_view table_name(std::string_view location) {
  const size_t scheme = location.find("://");
  if (scheme == std::string_view::npos) return location;
  const size_t slash = location.find('/', scheme + 3);
  return slash == std::string_view::npos ? location : location.substr(slash + 1);
}

nlohmann::json place_location(const PersonalDataPlace& place) {
  if (place.kind == "file")
    return {{"physicalLocation",
             {{"artifactLocation", {{"uri", sarif_file_uri(place.location)}}},
              {"region", {{"startLine", 1}}}}}};
  // A table: the artifact of its service, as findings have it. SQLite has no host: the file
  // is on the machine that paicha ran on.
  const std::string host = place.host.empty() ? "localhost" : place.host;
  return {{"physicalLocation",
           {{"artifactLocation",
             {{"uri", fmt::format("hosts/{}/{}/{}", host, place.port, place.engine)}}},
            {"region", {{"startLine", 1}}}}},
          {"logicalLocations",
           nlohmann::json::array({nlohmann::json{{"name", table_name(place.location)},
                                                 {"fullyQualifiedName", place.location},
                                                 {"kind", "resource"}}})}};
}

}  // namespace

nlohmann::json sarif_personal_data_result(const PersonalDataPlace& place, const Rule& rule,
                                          size_t rule_index) {
  std::vector<std::string> counts;
  for (const auto& [type, n] : place.counts)
    counts.push_back(fmt::format("{} {}", pii_type_label(type), n));
  return {{"ruleId", rule.id},
          {"ruleIndex", rule_index},
          {"level", sarif_level(rule.severity)},
          {"message",
           {{"text", fmt::format("{}: {}", rule.title(), fmt::join(counts, tr("、", ", ")))}}},
          {"locations", nlohmann::json::array({place_location(place)})},
          // The location names the place and has no password in it; it is stable across runs.
          {"partialFingerprints", {{"paichaPersonalDataPlace/v1", place.location}}},
          {"properties",
           {{"severity", to_string(rule.severity)},
            {"category", rule.category},
            {"kind", place.kind},
            {"location", place.location},
            {"sensitivity", place.sensitivity},
            {"counts", place.counts}}}};
}

}  // namespace paicha::report
