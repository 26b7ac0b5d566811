#include "pii/tables.h"

#include <algorithm>
#include <array>
#include <bitset>
#include <string>
#include <unordered_set>
#include <vector>

namespace paicha::pii {

namespace {
#include "pii/tables_data.inc"

// The code point of the 3-byte UTF-8 sequence `text` starts with.
unsigned utf8_bmp_code_point(std::string_view text) {
  return ((static_cast<unsigned char>(text[0]) & 0x0Fu) << 12) |
         ((static_cast<unsigned char>(text[1]) & 0x3Fu) << 6) |
         (static_cast<unsigned char>(text[2]) & 0x3Fu);
}
}  // namespace

// Six-digit codes as bit sets: one lookup per candidate instead of a search, since every
// digit run of ID or card length is checked.
using SixDigitSet = std::bitset<1000000>;

bool is_region_code(uint32_t code) {
  static const auto* codes = [] {
    auto* set = new SixDigitSet;
    for (auto c : kRegionCodes) set->set(c);
    return set;
  }();
  return code < 1000000 && codes->test(code);
}

std::span<const uint32_t> region_codes() {
  return kRegionCodes;
}

bool has_known_bin(std::string_view digits) {
  // Six-digit BINs (nearly all) in a bit set; prefixes of other lengths (3-8 digits) are kept
  // as value * 10 + length in a sorted list.
  struct Bins {
    SixDigitSet six;
    std::vector<uint64_t> other;
  };
  static const auto* bins = [] {
    auto* b = new Bins;
    for (auto bin : kBankBins) {
      uint64_t value = 0;
      for (char c : bin) value = value * 10 + static_cast<uint64_t>(c - '0');
      if (bin.size() == 6)
        b->six.set(value);
      else
        b->other.push_back(value * 10 + bin.size());
    }
    std::sort(b->other.begin(), b->other.end());
    return b;
  }();
  uint64_t value = 0;
  for (size_t len = 1; len <= 8 && len <= digits.size(); ++len) {
    char c = digits[len - 1];
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<uint64_t>(c - '0');
    if (len == 6 && bins->six.test(value)) return true;
    if (len >= 3 && !bins->other.empty() &&
        std::binary_search(bins->other.begin(), bins->other.end(), value * 10 + len))
      return true;
  }
  return false;
}

bool is_mobile_prefix(unsigned prefix) {
  // Every 11-digit run is checked: a table of the thousand three-digit values, not a search.
  static constexpr auto kAllocated = [] {
    std::array<bool, 1000> t{};
    for (auto p : kMobilePrefixes) t[p] = true;
    return t;
  }();
  return prefix < kAllocated.size() && kAllocated[prefix];
}

size_t surname_prefix_length(std::string_view text) {
  // Single-character surnames as a bit set over the BMP; compound ones in a small set.
  struct Surnames {
    std::bitset<65536> single;
    std::bitset<65536> compound_first;  // filters the hash lookup: few characters start one
    std::unordered_set<std::string_view> compound;
  };
  static const auto* surnames = [] {
    auto* s = new Surnames;
    for (auto name : kSurnames) {
      if (name.size() == 3)
        s->single.set(utf8_bmp_code_point(name));
      else {
        s->compound.insert(name);
        s->compound_first.set(utf8_bmp_code_point(name));
      }
    }
    return s;
  }();
  // CJK characters are 3 bytes in UTF-8; compound surnames are two characters.
  if (text.size() < 3 || (static_cast<unsigned char>(text[0]) & 0xF0) != 0xE0) return 0;
  unsigned first = utf8_bmp_code_point(text);
  if (text.size() >= 6 && surnames->compound_first.test(first) &&
      surnames->compound.contains(text.substr(0, 6)))
    return 6;
  return surnames->single.test(first) ? 3 : 0;
}

}  // namespace paicha::pii
