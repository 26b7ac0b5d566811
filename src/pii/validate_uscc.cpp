#include <array>
#include <bitset>

#include "pii/tables.h"
#include "pii/text_util.h"
#include "pii/validators.h"

namespace paicha::pii {

namespace {

// The GB 32100 character set: digits and capital letters without I, O, Z, S, V.
constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

// Value of each byte in kAlphabet, -1 for bytes outside it: one load per character.
constexpr std::array<int8_t, 256> kCodeValue = [] {
  std::array<int8_t, 256> t{};
  t.fill(-1);
  for (size_t i = 0; i < kAlphabet.size(); ++i)
    t[static_cast<unsigned char>(kAlphabet[i])] = static_cast<int8_t>(i);
  return t;
}();

unsigned digits_value(std::string_view s) {
  unsigned v = 0;
  for (char c : s) v = v * 10 + static_cast<unsigned>(c - '0');
  return v;
}

// Prefecture (code / 100) and province (code / 10000) levels that have a county code below
// them, built once from the county table: a USCC is checked for every 18-character token.
struct HigherLevels {
  std::bitset<10000> prefecture;  // some county base+1 .. base+99 exists
  std::bitset<100> province;      // some county base+101 .. base+9999 exists
};

const HigherLevels& higher_levels() {
  static const auto* levels = [] {
    auto* l = new HigherLevels;
    for (uint32_t code : region_codes()) {
      if (code % 100 != 0) l->prefecture.set(code / 100);
      if (code % 10000 >= 101) l->province.set(code / 10000);
    }
    return l;
  }();
  return *levels;
}

// Characters 3-8 are the GB/T 2260 code of the registering authority, at county, prefecture
// or province level; the table holds county codes, so higher levels are matched by prefix.
bool plausible_region(std::string_view region) {
  unsigned code = digits_value(region);
  if (is_region_code(code)) return true;
  if (code % 100 == 0 && higher_levels().prefecture.test(code / 100)) return true;
  return code % 10000 == 0 && higher_levels().province.test(code / 10000);
}

}  // namespace

bool valid_uscc(std::string_view token) {
  if (token.size() != 18) return false;
  for (size_t i = 2; i < 8; ++i)
    if (!is_digit(token[i])) return false;
  // The region first: one lookup rejects nearly every other 18-character run (card numbers,
  // order numbers) before the weighted sum.
  if (!plausible_region(token.substr(2, 6))) return false;
  static constexpr int kWeights[17] = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                       29, 25, 13, 8,  24, 10, 30, 28};
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    int v = kCodeValue[static_cast<unsigned char>(token[i])];
    if (v < 0) return false;
    sum += v * kWeights[i];
  }
  int check = (31 - sum % 31) % 31;
  return kAlphabet[static_cast<size_t>(check)] == token[17];
}

}  // namespace paicha::pii
