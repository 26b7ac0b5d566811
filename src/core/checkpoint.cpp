#include "core/checkpoint.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace paicha {

void HostCheckpoint::mark_done(uint64_t index) {
  if (index < watermark_) return;
  above_.insert(index);
  while (!above_.empty() && *above_.begin() == watermark_) {
    above_.erase(above_.begin());
    ++watermark_;
  }
}

std::string HostCheckpoint::to_json() const {
  nlohmann::json j = {{"watermark", watermark_}, {"done", above_}};
  return j.dump();
}

HostCheckpoint HostCheckpoint::from_json(const std::string& json) {
  HostCheckpoint checkpoint;
  if (json.empty()) return checkpoint;
  auto j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("watermark"))
    throw std::runtime_error("malformed checkpoint");
  checkpoint.watermark_ = j.at("watermark").get<uint64_t>();
  for (uint64_t index : j.value("done", std::vector<uint64_t>{})) checkpoint.mark_done(index);
  return checkpoint;
}

}  // namespace paicha
