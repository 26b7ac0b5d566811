#pragma once
// TCP port sets for discover/audit: "6379,3306", "1-1024", "-" (all), named profiles ("db",
// "top100") and mixtures such as "db,8080".
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace paicha {

class PortSet {
 public:
  PortSet() = default;

  // Throws UsageError naming the bad item and the whole list.
  static PortSet parse(std::string_view spec);
  // Deduplicates and sorts; 0 is dropped.
  static PortSet of(std::vector<uint16_t> ports);
  // Names accepted by parse(), for help texts.
  static std::vector<std::string_view> profile_names();

  // Unique, ascending, 1-65535.
  const std::vector<uint16_t>& ports() const { return ports_; }
  size_t size() const { return ports_.size(); }
  bool empty() const { return ports_.empty(); }
  bool contains(uint16_t port) const;
  // Canonical compact form with runs folded: "21-23,80,443".
  std::string spec() const;

 private:
  std::vector<uint16_t> ports_;
};

}  // namespace paicha
