#include "pii/tables.h"
#include "pii/text_util.h"
#include "pii/validators.h"

namespace paicha::pii {

bool valid_bank_card(std::string_view token) {
  if (token.size() < 16) return false;
  // Most candidates are plain digit runs: validated in place, without copying.
  std::string_view digits = token;
  char buffer[24];
  for (char c : token) {
    if (!is_digit(c)) {
      digits = strip_separators(token, buffer, sizeof buffer);
      break;
    }
  }
  if (digits.size() < 16 || digits.size() > 19) return false;
  // luhn_ok rejects anything but digits (strip_separators keeps a final X).
  return luhn_ok(digits) && has_known_bin(digits);
}

}  // namespace paicha::pii
