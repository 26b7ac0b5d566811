#pragma once
// The content of the notice's two forms, joined from the unit profile (who, which systems) and
// the measured data assets (how much data, which personal information, which database hosts).
// Language-independent: the writers (xlsx, json, csv) put it into words.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/asset.h"
#include "core/profile.h"
#include "store/data_asset.h"

namespace paicha::report {

// What the measurements say about a set of data assets.
struct Measured {
  size_t assets = 0;                   // matched data assets (unreadable ones excluded)
  uint64_t bytes = 0;                  // their total size
  bool personal = false;               // any holds validated personal information
  bool business = false;               // any holds none (business data)
  std::vector<std::string> pii_types;  // type keys found ("cn_id", "mobile"), in catalogue order
};

// One row of Form 2: an information system stored on the internet or with a hosting provider.
struct Form2Row {
  int system = -1;  // index into profile.systems; -1: the unit has nothing to declare ("无")
  Measured measured;
  std::vector<std::string> database_addresses;  // "10.0.0.5:3306", declared and found by audit
};

// A row group of Form 2: 本级, then 直属事业单位1, 2, …
struct Form2Group {
  int ordinal = 0;             // 0 for 本级; n for 直属事业单位n
  std::string unit_name;       // the unit's real name
  std::vector<Form2Row> rows;  // never empty: a unit without such systems gets one "无" row
};

struct Inventory {
  UnitProfile profile;
  Measured unit_total;  // every measured data asset of the chosen runs (Form 1)
  std::vector<Form2Group> groups;
  std::vector<int64_t> source_runs;  // the store runs the measurements come from
};

// Form 2 covers data stored on the internet (含缓存) or by a hosting provider.
bool stored_on_internet(StorageLocation location);

// Joins: a data asset belongs to the first system whose `databases` entry matches its host
// (and port, when the entry names one), or whose `paths` entry is a prefix of its location.
// Audit assets on a system's database hosts add their addresses.
Inventory build_inventory(const UnitProfile& profile, const std::vector<store::DataAsset>& data,
                          const std::vector<Asset>& audit_assets,
                          std::vector<int64_t> source_runs = {});

}  // namespace paicha::report
