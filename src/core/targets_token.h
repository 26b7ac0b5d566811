#pragma once
// One target token ("10.0.0.0/8", "10.1.2-3.*", "::1-::ff", "db.example.cn") parsed into its
// shape, without resolving names. Kept apart from TargetSet so it can be fuzzed on its own.
#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>

#include "core/ipaddr.h"

namespace paicha {

// A contiguous run of addresses, both ends included: single addresses, CIDR blocks, a-b ranges.
struct AddressInterval {
  bool v6 = false;
  Uint128 first = 0;
  Uint128 last = 0;
};

// nmap-style IPv4 octet ranges, e.g. 10.1.2-3.* : the product of four octet ranges.
struct OctetPattern {
  std::array<uint8_t, 4> lo{};
  std::array<uint8_t, 4> hi{};
};

struct HostName {
  std::string name;
};

using TargetToken = std::variant<AddressInterval, OctetPattern, HostName>;

// what() is the localized reason only ("octet out of range 0-255"); the caller adds the token
// and its position.
class InvalidTargetToken : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws InvalidTargetToken.
TargetToken parse_target_token(std::string_view token);

}  // namespace paicha
