#include "core/ipaddr.h"

#include <arpa/inet.h>

#include "core/i18n.h"

namespace paicha {

std::optional<uint32_t> parse_ipv4(std::string_view text, std::string* why) {
  auto fail = [&](std::string_view zh, std::string_view en) -> std::optional<uint32_t> {
    if (why) *why = std::string(tr(zh, en));
    return std::nullopt;
  };
  uint32_t value = 0;
  int octets = 0;
  size_t pos = 0;
  while (true) {
    size_t end = text.find('.', pos);
    std::string_view part = text.substr(pos, end == std::string_view::npos ? end : end - pos);
    if (part.empty()) return fail("八位组为空", "empty octet");
    unsigned octet = 0;
    for (char c : part) {
      if (c < '0' || c > '9') return fail("八位组含非数字字符", "octet contains a non-digit");
      octet = octet * 10 + static_cast<unsigned>(c - '0');
      if (octet > 255) return fail("八位组超出 0-255", "octet out of range 0-255");
    }
    if (++octets > 4) return fail("应有 4 个八位组", "expected 4 octets");
    value = (value << 8) | octet;
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  if (octets != 4) return fail("应有 4 个八位组", "expected 4 octets");
  return value;
}

std::optional<Uint128> parse_ipv6(std::string_view text) {
  // inet_pton needs a NUL-terminated string; the longest valid form is 45 characters.
  if (text.empty() || text.size() > 45 || text.find('%') != std::string_view::npos) {
    return std::nullopt;
  }
  std::string copy(text);
  std::array<uint8_t, 16> bytes{};
  if (inet_pton(AF_INET6, copy.c_str(), bytes.data()) != 1) return std::nullopt;
  Uint128 value = 0;
  for (uint8_t b : bytes) value = (value << 8) | b;
  return value;
}

std::optional<IpAddr> IpAddr::parse(std::string_view text) {
  if (text.size() >= 2 && text.front() == '[' && text.back() == ']') {
    text = text.substr(1, text.size() - 2);
    if (auto v6 = parse_ipv6(text)) return from_value(true, *v6);
    return std::nullopt;
  }
  if (text.find(':') != std::string_view::npos) {
    if (auto v6 = parse_ipv6(text)) return from_value(true, *v6);
    return std::nullopt;
  }
  if (auto v4 = parse_ipv4(text)) return from_value(false, *v4);
  return std::nullopt;
}

IpAddr IpAddr::from_value(bool v6, Uint128 value) {
  IpAddr addr;
  addr.v6 = v6;
  int n = v6 ? 16 : 4;
  for (int i = n - 1; i >= 0; --i) {
    addr.bytes[static_cast<size_t>(i)] = static_cast<uint8_t>(value & 0xff);
    value >>= 8;
  }
  return addr;
}

Uint128 IpAddr::value() const {
  Uint128 value = 0;
  int n = v6 ? 16 : 4;
  for (int i = 0; i < n; ++i) value = (value << 8) | bytes[static_cast<size_t>(i)];
  return value;
}

std::string IpAddr::to_string() const {
  char buf[INET6_ADDRSTRLEN] = {};
  inet_ntop(v6 ? AF_INET6 : AF_INET, bytes.data(), buf, sizeof buf);
  return buf;
}

}  // namespace paicha
