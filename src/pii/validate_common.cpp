#include "pii/text_util.h"
#include "pii/validators.h"

namespace paicha::pii {

bool luhn_ok(std::string_view digits) {
  // Doubled digit with its digits summed, for every other digit from the right.
  static constexpr unsigned kDoubled[10] = {0, 2, 4, 6, 8, 1, 3, 5, 7, 9};
  unsigned sum = 0;
  size_t n = digits.size();
  for (size_t k = 0; k < n; ++k) {
    unsigned d = static_cast<unsigned>(digits[n - 1 - k] - '0');
    if (d > 9) return false;
    sum += (k & 1) ? kDoubled[d] : d;
  }
  return n != 0 && sum % 10 == 0;
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
