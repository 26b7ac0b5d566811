#include "report/personal_data.h"

#include "pii/types.h"

namespace paicha::report {

PersonalData collect_personal_data(std::vector<store::DataAsset>& assets) {
  PersonalData data;
  data.places_scanned = assets.size();
  for (auto& asset : assets) {
    uint64_t total = 0;
    for (const auto& [type, n] : asset.counts) {
      total += n;
      if (n) data.totals[type] += n;
    }
    if (total == 0) continue;
    std::erase_if(asset.counts, [](const auto& kv) { return kv.second == 0; });
    data.places.push_back({asset.kind, asset.location, asset.sensitivity, std::move(asset.counts),
                           asset.host, asset.port, asset.engine});
  }
  return data;
}

std::string pii_type_label(std::string_view type) {
  if (auto parsed = pii::parse_type(type)) return std::string(pii::display_name(*parsed));
  return std::string(type);
}

}  // namespace paicha::report
