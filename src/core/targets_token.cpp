#include "core/targets_token.h"

#include <algorithm>
#include <vector>

#include "core/i18n.h"

namespace paicha {

namespace {

[[noreturn]] void invalid(std::string_view zh, std::string_view en) {
  throw InvalidTargetToken(std::string(tr(zh, en)));
}

std::vector<std::string_view> split(std::string_view text, char sep) {
  std::vector<std::string_view> parts;
  size_t pos = 0;
  while (true) {
    size_t end = text.find(sep);
    if (end == std::string_view::npos) {
      parts.push_back(text.substr(pos));
      return parts;
    }
    parts.push_back(text.substr(pos, end - pos));
    text.remove_prefix(end + 1);
  }
}

unsigned parse_prefix(std::string_view text, unsigned max_bits) {
  unsigned bits = 0;
  if (text.empty() || text.size() > 3) bits = max_bits + 1;
  for (char c : text) {
    if (c < '0' || c > '9') {
      bits = max_bits + 1;
      break;
    }
    bits = bits * 10 + static_cast<unsigned>(c - '0');
  }
  if (bits > max_bits) {
    if (max_bits == 32) invalid("前缀长度须在 0-32 之间", "prefix length must be 0-32");
    invalid("前缀长度须在 0-128 之间", "prefix length must be 0-128");
  }
  return bits;
}

// Host bits of the given address are ignored, as nmap does: 10.0.0.5/24 means 10.0.0.0/24.
AddressInterval cidr(bool v6, Uint128 address, unsigned prefix) {
  unsigned width = v6 ? 128 : 32;
  Uint128 all = max_address_value(v6);
  Uint128 host_mask = prefix == 0 ? all : (prefix == width ? 0 : (all >> prefix));
  return {v6, address & ~host_mask & all, (address & ~host_mask & all) | host_mask};
}

void check_order(Uint128 first, Uint128 last) {
  if (first > last) invalid("范围起点大于终点", "range start is greater than its end");
}

Uint128 ipv6_or_fail(std::string_view text) {
  if (auto value = parse_ipv6(text)) return *value;
  invalid("不是有效的 IPv6 地址", "not a valid IPv6 address");
}

uint32_t ipv4_or_fail(std::string_view text) {
  std::string why;
  if (auto value = parse_ipv4(text, &why)) return *value;
  throw InvalidTargetToken(why);
}

TargetToken parse_v6(std::string_view token) {
  if (token.find('%') != std::string_view::npos) {
    invalid("不支持 IPv6 区域索引（%）", "IPv6 zone index (%) is not supported");
  }
  if (size_t slash = token.find('/'); slash != std::string_view::npos) {
    Uint128 address = ipv6_or_fail(token.substr(0, slash));
    return cidr(true, address, parse_prefix(token.substr(slash + 1), 128));
  }
  if (size_t dash = token.find('-'); dash != std::string_view::npos) {
    std::string_view right = token.substr(dash + 1);
    if (right.find(':') == std::string_view::npos) {
      invalid("范围两端须同为 IPv4 或同为 IPv6", "both ends of a range must be the same family");
    }
    Uint128 first = ipv6_or_fail(token.substr(0, dash));
    Uint128 last = ipv6_or_fail(right);
    check_order(first, last);
    return AddressInterval{true, first, last};
  }
  Uint128 address = ipv6_or_fail(token);
  return AddressInterval{true, address, address};
}

uint8_t parse_octet(std::string_view text) {
  if (text.empty()) invalid("八位组为空", "empty octet");
  unsigned value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') invalid("八位组含非数字字符", "octet contains a non-digit");
    value = value * 10 + static_cast<unsigned>(c - '0');
    if (value > 255) invalid("八位组超出 0-255", "octet out of range 0-255");
  }
  return static_cast<uint8_t>(value);
}

TargetToken parse_octet_pattern(std::string_view token) {
  std::vector<std::string_view> parts = split(token, '.');
  if (parts.size() != 4) invalid("应有 4 个八位组", "expected 4 octets");
  OctetPattern pattern;
  bool single = true;
  for (size_t i = 0; i < 4; ++i) {
    std::string_view part = parts[i];
    if (part == "*") {
      pattern.lo[i] = 0;
      pattern.hi[i] = 255;
      single = false;
      continue;
    }
    size_t dash = part.find('-');
    if (dash == std::string_view::npos) {
      pattern.lo[i] = pattern.hi[i] = parse_octet(part);
      continue;
    }
    // Open ends as in nmap: "5-" is 5-255, "-9" is 0-9.
    std::string_view lo = part.substr(0, dash);
    std::string_view hi = part.substr(dash + 1);
    pattern.lo[i] = lo.empty() ? 0 : parse_octet(lo);
    pattern.hi[i] = hi.empty() ? 255 : parse_octet(hi);
    check_order(pattern.lo[i], pattern.hi[i]);
    single = false;
  }
  if (single) {
    Uint128 address = ipv4_or_fail(token);
    return AddressInterval{false, address, address};
  }
  return pattern;
}

TargetToken parse_v4(std::string_view token) {
  if (size_t slash = token.find('/'); slash != std::string_view::npos) {
    uint32_t address = ipv4_or_fail(token.substr(0, slash));
    return cidr(false, address, parse_prefix(token.substr(slash + 1), 32));
  }
  // "1.2.3.4-1.2.3.99" is a range of whole addresses; "1.2.3.4-99" ranges over the last octet.
  if (std::count(token.begin(), token.end(), '-') == 1) {
    size_t dash = token.find('-');
    std::string_view right = token.substr(dash + 1);
    if (std::count(right.begin(), right.end(), '.') == 3) {
      uint32_t first = ipv4_or_fail(token.substr(0, dash));
      uint32_t last = ipv4_or_fail(right);
      check_order(first, last);
      return AddressInterval{false, first, last};
    }
  }
  return parse_octet_pattern(token);
}

bool looks_like_ipv4(std::string_view token) {
  return std::all_of(token.begin(), token.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '*' || c == '/';
  });
}

HostName parse_host_name(std::string_view token) {
  if (token.find('/') != std::string_view::npos) {
    invalid("主机名不能带 /前缀长度", "a host name cannot take a /prefix");
  }
  std::string_view name = token;
  if (name.back() == '.') name.remove_suffix(1);  // fully qualified form
  if (name.size() > 253)
    invalid("主机名过长（超过 253 个字符）", "host name longer than 253 characters");
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '.' || c == '_';
    if (!ok) invalid("主机名含非法字符", "host name contains an invalid character");
  }
  for (std::string_view label : split(name, '.')) {
    if (label.empty() || label.size() > 63) {
      invalid("主机名含空标签或超过 63 个字符的标签",
              "host name has an empty label or one longer than 63 characters");
    }
  }
  return HostName{std::string(token)};
}

}  // namespace

TargetToken parse_target_token(std::string_view token) {
  if (token.empty()) invalid("目标为空", "empty target");
  if (token.front() == '[') {
    // [::1] and [2001:db8::]/64, as written in URLs.
    size_t close = token.find(']');
    if (close == std::string_view::npos) invalid("缺少 ]", "missing ]");
    std::string unbracketed(token.substr(1, close - 1));
    unbracketed += token.substr(close + 1);
    if (unbracketed.find(':') == std::string::npos) {
      invalid("不是有效的 IPv6 地址", "not a valid IPv6 address");
    }
    return parse_v6(unbracketed);
  }
  if (token.find(':') != std::string_view::npos) return parse_v6(token);
  if (looks_like_ipv4(token)) return parse_v4(token);
  return parse_host_name(token);
}

}  // namespace paicha
