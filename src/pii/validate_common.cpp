#include "pii/text_util.h"
#include "pii/validators.h"

namespace paicha::pii {

bool luhn_ok(std::string_view digits) {
  unsigned sum = 0;
  bool twice = false;
  for (size_t i = digits.size(); i-- > 0;) {
    unsigned d = static_cast<unsigned>(digits[i] - '0');
    if (twice) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    twice = !twice;
  }
  return !digits.empty() && sum % 10 == 0;
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
