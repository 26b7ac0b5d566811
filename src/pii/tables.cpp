#include "pii/tables.h"

#include <algorithm>
#include <string>
#include <unordered_set>

namespace paicha::pii {

namespace {
#include "pii/tables_data.inc"
}  // namespace

bool is_region_code(uint32_t code) {
  return std::binary_search(std::begin(kRegionCodes), std::end(kRegionCodes), code);
}

bool has_known_bin(std::string_view digits) {
  // BINs are 6 digits today; the table may hold shorter network prefixes too.
  for (size_t len = 3; len <= 8 && len <= digits.size(); ++len) {
    if (std::binary_search(std::begin(kBankBins), std::end(kBankBins), digits.substr(0, len)))
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
