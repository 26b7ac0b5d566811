#include "pii/tables.h"
#include "pii/text_util.h"
#include "pii/validators.h"

namespace paicha::pii {

bool valid_bank_card(std::string_view token) {
  char buffer[24];
  std::string_view digits = strip_separators(token, buffer, sizeof buffer);
  if (digits.size() < 16 || digits.size() > 19) return false;
  for (char c : digits)
    if (!is_digit(c)) return false;
  return luhn_ok(digits) && has_known_bin(digits);
}

}  // namespace paicha::pii
