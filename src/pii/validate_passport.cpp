#include "pii/text_util.h"
#include "pii/validators.h"

namespace paicha::pii {

bool valid_passport(std::string_view token) {
  if (token.size() != 9) return false;
  char series = token[0];
  if (series != 'E' && series != 'G') return false;
  size_t first_digit = 1;
  // Since 2012 ordinary passports may carry a second letter (no I or O): EA1234567.
  if (series == 'E' && token[1] >= 'A' && token[1] <= 'Z' && token[1] != 'I' && token[1] != 'O')
    first_digit = 2;
  for (size_t i = first_digit; i < token.size(); ++i)
    if (!is_digit(token[i])) return false;
  // Runs such as E00000000 are placeholders, not numbers.
  return token.substr(first_digit).find_first_not_of('0') != std::string_view::npos;
}

}  // namespace paicha::pii
