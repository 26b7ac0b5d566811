#include "pii/text_util.h"
#include "pii/validators.h"

namespace paicha::pii {

bool valid_landline(std::string_view token) {
  // Forms: 010-12345678, (010)12345678, (010) 12345678, 0755-1234567.
  std::string_view area, number;
  if (token.starts_with("(")) {
    size_t close = token.find(')');
    if (close == std::string_view::npos) return false;
    area = token.substr(1, close - 1);
    number = token.substr(close + 1);
    if (!number.empty() && number.front() == ' ') number.remove_prefix(1);
  } else {
    size_t dash = token.find('-');
    if (dash == std::string_view::npos) return false;
    area = token.substr(0, dash);
    number = token.substr(dash + 1);
  }
  for (char c : area)
    if (!is_digit(c)) return false;
  for (char c : number)
    if (!is_digit(c)) return false;
  if (area.size() < 3 || area.size() > 4 || area[0] != '0' || area[1] == '0') return false;
  // Two-digit area codes (010 Beijing, 02x the large cities) are written with 3 digits and
  // have 8-digit numbers; all other area codes have 4 digits.
  bool big_city = area[1] == '1' || area[1] == '2';
  if (big_city && (area.size() != 3 || (area[1] == '1' && area[2] != '0'))) return false;
  if (!big_city && area.size() != 4) return false;
  if (number.size() != 8 && (big_city || number.size() != 7)) return false;
  return number[0] >= '2';
}

}  // namespace paicha::pii
