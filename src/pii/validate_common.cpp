#include "pii/text_util.h"
#include "pii/validators.h"

namespace paicha::pii {

bool luhn_ok(std::string_view digits) {
  // Doubled digit with its digits summed, for every other digit from the right.
  static constexpr unsigned kDoubled[10] = {0, 2, 4, 6, 8, 1, 3, 5, 7, 9};
  size_t i = digits.size();
  if (i == 0) return false;
  unsigned sum = 0;
  for (; i >= 2; i -= 2) {
    unsigned plain = static_cast<unsigned>(digits[i - 1] - '0');
    unsigned doubled = static_cast<unsigned>(digits[i - 2] - '0');
    if (plain > 9 || doubled > 9) return false;
    sum += plain + kDoubled[doubled];
  }
  if (i == 1) {
    unsigned plain = static_cast<unsigned>(digits[0] - '0');
    if (plain > 9) return false;
    sum += plain;
  }
  return sum % 10 == 0;
}

std::string_view strip_separators(std::string_view token, char* buffer, size_t capacity) {
  size_t n = 0;
  for (char c : token) {
    if (c == ' ' || c == '-') continue;
    if (!is_digit(c) && c != 'X' && c != 'x') return {};
    if (n == capacity) return {};
    buffer[n++] = c == 'x' ? 'X' : c;
  }
  return {buffer, n};
}

}  // namespace paicha::pii
