#pragma once
// IP addresses as plain values. Address ranges are handled as 128-bit integers so that IPv4 and
// IPv6 share one code path (an IPv6 /64 has 2^64 addresses, more than uint64_t can count).
#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace paicha {

using Uint128 = unsigned __int128;

struct IpAddr {
  bool v6 = false;
  std::array<uint8_t, 16> bytes{};  // IPv4 uses bytes[0..3], network order

  // Dotted-quad IPv4 (decimal only) or IPv6 text, optionally in [brackets]; nullopt otherwise.
  static std::optional<IpAddr> parse(std::string_view text);
  static IpAddr from_value(bool v6, Uint128 value);

  // The address as an integer: 32 bits for IPv4, 128 for IPv6.
  Uint128 value() const;
  std::string to_string() const;

  auto operator<=>(const IpAddr&) const = default;
};

// Strict dotted-quad parser. On failure, `why` (when given) receives a localized reason naming
// what is wrong, e.g. "octet out of range 0-255".
std::optional<uint32_t> parse_ipv4(std::string_view text, std::string* why = nullptr);

// IPv6 text without brackets or zone index; nullopt when invalid.
std::optional<Uint128> parse_ipv6(std::string_view text);

// Largest value of the family: 2^32-1 or 2^128-1.
inline Uint128 max_address_value(bool v6) {
  return v6 ? ~Uint128{0} : Uint128{0xffffffffu};
}

}  // namespace paicha
