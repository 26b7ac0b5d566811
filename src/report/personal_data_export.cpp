#include "report/personal_data_export.h"

#include <fmt/format.h>

#include <filesystem>
#include <set>
#include <vector>

#include "pii/types.h"
#include "report/run_document.h"

namespace paicha::report {

nlohmann::json personal_data_json(const PersonalData& data) {
  nlohmann::json places = nlohmann::json::array();
  for (const auto& place : data.places) {
    nlohmann::json j = {{"kind", place.kind},
                        {"location", place.location},
                        {"sensitivity", place.sensitivity},
                        {"counts", place.counts}};
    if (!place.host.empty()) {
      j["host"] = place.host;
      j["port"] = place.port;
    }
    if (!place.engine.empty()) j["engine"] = place.engine;
    places.push_back(std::move(j));
  }
  return {{"places_scanned", data.places_scanned},
          {"places", std::move(places)},
          {"totals", data.totals}};
}

namespace {

// The known types first, in the order `pii scan` lists them, then whatever else the store holds
// (written by a newer paicha, say), so that no count is dropped.
std::vector<std::string> type_columns(const PersonalData& data) {
  std::vector<std::string> columns;
  std::set<std::string> known;
  for (pii::PiiType type : pii::all_types()) {
    columns.emplace_back(pii::to_string(type));
    known.insert(columns.back());
  }
  std::set<std::string> others;
  for (const auto& place : data.places)
    for (const auto& [type, n] : place.counts)
      if (!known.count(type)) others.insert(type);
  columns.insert(columns.end(), others.begin(), others.end());
  return columns;
}

}  // namespace

std::string render_personal_data_csv(const PersonalData& data) {
  const std::vector<std::string> types = type_columns(data);
  std::string out = "kind,location,sensitivity,host,port,engine";
  for (const auto& type : types) out += "," + csv_field(type);
  out += "\n";
  for (const auto& place : data.places) {
    out +=
        fmt::format("{},{},{},{},{},{}", csv_field(place.kind), csv_field(place.location),
                    csv_field(place.sensitivity), csv_field(place.host),
                    place.host.empty() ? "" : std::to_string(place.port), csv_field(place.engine));
    for (const auto& type : types) {
      auto it = place.counts.find(type);
      out += fmt::format(",{}", it == place.counts.end() ? uint64_t{0} : it->second);
    }
    out += "\n";
  }
  return out;
}

std::string personal_data_csv_path(const std::string& findings_csv_path) {
  std::filesystem::path path(findings_csv_path);
  path.replace_extension(".personal_data.csv");
  return path.string();
}

}  // namespace paicha::report
