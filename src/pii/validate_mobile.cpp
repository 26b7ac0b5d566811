#include "pii/tables.h"
#include "pii/text_util.h"
#include "pii/validators.h"

namespace paicha::pii {

bool valid_mobile(std::string_view token) {
  if (token.starts_with("+86"))
    token.remove_prefix(3);
  else if (token.starts_with("0086"))
    token.remove_prefix(4);
  if (!token.empty() && (token.front() == ' ' || token.front() == '-')) token.remove_prefix(1);
  char buffer[16];
  // Plain 11-digit runs (nearly all candidates) are checked in place.
  std::string_view digits = token;
  bool plain = token.size() == 11;
  for (char c : token) plain &= c != ' ' && c != '-';
  if (!plain) digits = strip_separators(token, buffer, sizeof buffer);
  if (digits.size() != 11 || digits[0] != '1') return false;
  for (char c : digits)
    if (!is_digit(c)) return false;
  unsigned prefix =
      static_cast<unsigned>((digits[0] - '0') * 100 + (digits[1] - '0') * 10 + (digits[2] - '0'));
  return is_mobile_prefix(prefix);
}

}  // namespace paicha::pii
