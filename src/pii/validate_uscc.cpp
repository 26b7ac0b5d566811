#include "pii/tables.h"
#include "pii/text_util.h"
#include "pii/validators.h"

namespace paicha::pii {

namespace {

// The GB 32100 character set: digits and capital letters without I, O, Z, S, V.
constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

int code_value(char c) {
  size_t pos = kAlphabet.find(c);
  return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

unsigned digits_value(std::string_view s) {
  unsigned v = 0;
  for (char c : s) v = v * 10 + static_cast<unsigned>(c - '0');
  return v;
}

// Characters 3-8 are the GB/T 2260 code of the registering authority, at county, prefecture
// or province level; the table holds county codes, so higher levels are matched by prefix.
bool plausible_region(std::string_view region) {
  unsigned code = digits_value(region);
  if (is_region_code(code)) return true;
  if (region.ends_with("00")) {
    unsigned base = code - code % 100;
    for (unsigned county = base + 1; county < base + 100; ++county)
      if (is_region_code(county)) return true;
  }
  if (region.ends_with("0000")) {
    unsigned base = code - code % 10000;
    for (unsigned county = base + 101; county < base + 10000; county += 1)
      if (is_region_code(county)) return true;
  }
  return false;
}

}  // namespace

bool valid_uscc(std::string_view token) {
  if (token.size() != 18) return false;
  for (size_t i = 2; i < 8; ++i)
    if (!is_digit(token[i])) return false;
  static constexpr int kWeights[17] = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                       29, 25, 13, 8,  24, 10, 30, 28};
  int sum = 0;
  for (size_t i = 0; i < 17; ++i) {
    int v = code_value(token[i]);
    if (v < 0) return false;
    sum += v * kWeights[i];
  }
  int check = (31 - sum % 31) % 31;
  if (kAlphabet[static_cast<size_t>(check)] != token[17]) return false;
  return plausible_region(token.substr(2, 6));
}

}  // namespace paicha::pii
