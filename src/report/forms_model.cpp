#include "report/forms_model.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <unordered_map>

#include "pii/types.h"

namespace paicha::report {

namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// Host names compare case-insensitively, and every spelling of loopback is one host.
std::string canonical_host(const std::string& host) {
  std::string h = lower(host);
  return h == "localhost" || h == "::1" ? "127.0.0.1" : h;
}

std::string normal_path(const std::string& path) {
  std::error_code ec;
  std::filesystem::path p(path);
  if (!p.is_absolute()) p = std::filesystem::absolute(p, ec);
  std::string text = p.lexically_normal().string();
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  return text;
}

// A system's join keys, parsed once: data assets number in the hundred thousands.
struct SystemKeys {
  std::vector<DatabaseEndpoint> endpoints;  // with a host (local sqlite files cannot be joined)
  std::vector<std::string> folders;         // normalised
};

SystemKeys keys_of(const InformationSystem& system) {
  SystemKeys keys;
  for (const auto& entry : system.databases) {
    DatabaseEndpoint endpoint;
    if (parse_database_endpoint(entry, endpoint) && !endpoint.host.empty()) {
      endpoint.host = canonical_host(endpoint.host);
      keys.endpoints.push_back(endpoint);
    }
  }
  for (const auto& folder : system.paths) keys.folders.push_back(normal_path(folder));
  return keys;
}

// "/srv/a" holds "/srv/a", "/srv/a/x.csv" and "/srv/a/x.zip!m.csv", but not "/srv/ab".
bool path_contains(const std::string& folder, const std::string& location) {
  if (!location.starts_with(folder)) return false;
  return location.size() == folder.size() || location[folder.size()] == '/' ||
         location[folder.size()] == '!' || folder == "/";
}

bool holds_file(const SystemKeys& keys, const std::string& location) {
  for (const auto& folder : keys.folders)
    if (path_contains(folder, location)) return true;
  return false;
}

// The system (index) that holds each data asset, or -1. Tables are looked up by host, so the
// join stays linear in the number of assets.
std::vector<int> owners_of(const std::vector<SystemKeys>& keys,
                           const std::vector<store::DataAsset>& data) {
  std::unordered_map<std::string, std::vector<std::pair<int, uint16_t>>> by_host;
  for (size_t i = 0; i < keys.size(); ++i)
    for (const auto& endpoint : keys[i].endpoints)
      by_host[endpoint.host].emplace_back(static_cast<int>(i), endpoint.port);
  std::vector<int> owners(data.size(), -1);
  for (size_t a = 0; a < data.size(); ++a) {
    const store::DataAsset& asset = data[a];
    if (!asset.host.empty()) {
      auto it = by_host.find(canonical_host(asset.host));
      if (it == by_host.end()) continue;
      for (const auto& [system, port] : it->second) {  // in profile order: the first one wins
        if (port == 0 || port == asset.port) {
          owners[a] = system;
          break;
        }
      }
      continue;
    }
    const std::string location = normal_path(asset.location);
    for (size_t i = 0; i < keys.size(); ++i) {
      if (holds_file(keys[i], location)) {
        owners[a] = static_cast<int>(i);
        break;
      }
    }
  }
  return owners;
}

void add_measurement(Measured& m, const store::DataAsset& asset) {
  ++m.assets;
  m.bytes += asset.bytes;
  if (!asset.skipped.empty()) return;  // unread: its size counts, its content is unknown
  bool personal = asset.category == "personal";
  m.personal = m.personal || personal;
  m.business = m.business || !personal;
  for (const auto& [type, n] : asset.counts)
    if (n > 0 && std::find(m.pii_types.begin(), m.pii_types.end(), type) == m.pii_types.end())
      m.pii_types.push_back(type);
}

void sort_types(Measured& m) {
  std::vector<std::string> ordered;
  for (pii::PiiType type : pii::all_types()) {
    const std::string name(pii::to_string(type));
    if (std::find(m.pii_types.begin(), m.pii_types.end(), name) != m.pii_types.end())
      ordered.push_back(name);
  }
  for (const auto& t : m.pii_types)  // types this build does not know stay, after the rest
    if (std::find(ordered.begin(), ordered.end(), t) == ordered.end()) ordered.push_back(t);
  m.pii_types = std::move(ordered);
}

void add_unique(std::vector<std::string>& list, const std::string& value) {
  if (std::find(list.begin(), list.end(), value) == list.end()) list.push_back(value);
}

std::string address(const std::string& host, uint16_t port) {
  const std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  return port ? h + ":" + std::to_string(port) : h;
}

std::vector<std::string> database_addresses(const SystemKeys& keys,
                                            const std::vector<const store::DataAsset*>& matched,
                                            const std::vector<Asset>& audit_assets) {
  std::vector<std::string> out;
  for (const auto& endpoint : keys.endpoints) {
    bool found = false;
    for (const auto& asset : audit_assets) {
      if (canonical_host(asset.host) != endpoint.host) continue;
      if (endpoint.port != 0 && asset.port != endpoint.port) continue;
      add_unique(out, address(asset.host, asset.port));
      found = true;
    }
    if (!found) add_unique(out, address(endpoint.host, endpoint.port));
  }
  for (const auto* asset : matched)
    if (!asset->host.empty()) add_unique(out, address(asset->host, asset->port));
  return out;
}

}  // namespace

bool stored_on_internet(StorageLocation location) {
  return location == StorageLocation::internet ||
         location == StorageLocation::internet_and_private || location == StorageLocation::hosted;
}

Inventory build_inventory(const UnitProfile& profile, const std::vector<store::DataAsset>& data,
                          const std::vector<Asset>& audit_assets,
                          std::vector<int64_t> source_runs) {
  Inventory inventory;
  inventory.profile = profile;
  inventory.source_runs = std::move(source_runs);
  for (const auto& asset : data) add_measurement(inventory.unit_total, asset);
  sort_types(inventory.unit_total);

  // Each data asset counts for the first system that holds it, so no byte is counted twice.
  std::vector<SystemKeys> keys;
  for (const auto& system : profile.systems) keys.push_back(keys_of(system));
  std::vector<std::vector<const store::DataAsset*>> per_system(profile.systems.size());
  const std::vector<int> owners = owners_of(keys, data);
  for (size_t a = 0; a < data.size(); ++a)
    if (owners[a] >= 0) per_system[static_cast<size_t>(owners[a])].push_back(&data[a]);

  std::vector<std::string> units = {kOwnUnit};
  for (const auto& sub : profile.subordinates) units.push_back(sub.name);
  for (size_t u = 0; u < units.size(); ++u) {
    Form2Group group;
    group.ordinal = static_cast<int>(u);
    group.unit_name = u == 0 ? profile.unit_name : units[u];
    for (size_t i = 0; i < profile.systems.size(); ++i) {
      const InformationSystem& system = profile.systems[i];
      const std::string owner = system.owner_unit.empty() ? kOwnUnit : system.owner_unit;
      if (owner != units[u] || !stored_on_internet(system.storage)) continue;
      Form2Row row;
      row.system = static_cast<int>(i);
      for (const auto* asset : per_system[i]) add_measurement(row.measured, *asset);
      sort_types(row.measured);
      row.database_addresses = database_addresses(keys[i], per_system[i], audit_assets);
      group.rows.push_back(std::move(row));
    }
    if (group.rows.empty()) group.rows.emplace_back();  // 无
    inventory.groups.push_back(std::move(group));
  }
  return inventory;
}

}  // namespace paicha::report
