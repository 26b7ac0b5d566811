#include "pii/tables.h"

#include <algorithm>
#include <string>
#include <unordered_set>
#include <vector>

namespace paicha::pii {

namespace {
#include "pii/tables_data.inc"
}  // namespace

bool is_region_code(uint32_t code) {
  return std::binary_search(std::begin(kRegionCodes), std::end(kRegionCodes), code);
}

bool has_known_bin(std::string_view digits) {
  // Prefixes of different lengths (3-8 digits) are told apart by their length as well as their
  // value, so each is kept as value * 10 + length.
  static const std::vector<uint64_t> prefixes = [] {
    std::vector<uint64_t> v;
    for (auto bin : kBankBins) {
      uint64_t value = 0;
      for (char c : bin) value = value * 10 + static_cast<uint64_t>(c - '0');
      v.push_back(value * 10 + bin.size());
    }
    std::sort(v.begin(), v.end());
    return v;
  }();
  uint64_t value = 0;
  for (size_t len = 1; len <= 8 && len <= digits.size(); ++len) {
    char c = digits[len - 1];
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<uint64_t>(c - '0');
    if (len >= 3 && std::binary_search(prefixes.begin(), prefixes.end(), value * 10 + len))
      return true;
  }
  return false;
}

bool is_mobile_prefix(unsigned prefix) {
  return std::binary_search(std::begin(kMobilePrefixes), std::end(kMobilePrefixes), prefix);
}

size_t surname_prefix_length(std::string_view text) {
  static const std::unordered_set<std::string_view> surnames(std::begin(kSurnames),
                                                             std::end(kSurnames));
  // CJK characters are 3 bytes in UTF-8; compound surnames are two characters.
  if (text.size() >= 6 && surnames.contains(text.substr(0, 6))) return 6;
  if (text.size() >= 3 && surnames.contains(text.substr(0, 3))) return 3;
  return 0;
}

}  // namespace paicha::pii
