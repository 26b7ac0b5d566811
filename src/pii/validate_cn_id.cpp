#include <chrono>

#include "pii/tables.h"
#include "pii/text_util.h"
#include "pii/validators.h"

namespace paicha::pii {

namespace {

unsigned number_at(std::string_view s, size_t pos, size_t len) {
  unsigned v = 0;
  for (size_t i = pos; i < pos + len; ++i) v = v * 10 + static_cast<unsigned>(s[i] - '0');
  return v;
}

// A birth date in the past, not before 1900 (older holders are no longer issued cards).
bool plausible_birth_date(unsigned year, unsigned month, unsigned day) {
  using namespace std::chrono;
  year_month_day date{std::chrono::year(static_cast<int>(year)), std::chrono::month(month),
                      std::chrono::day(day)};
  if (!date.ok() || year < 1900) return false;
  static const auto today = floor<days>(system_clock::now());
  return sys_days(date) <= today;
}

}  // namespace

bool valid_cn_id(std::string_view token) {
  if (token.size() == 18) {
    for (size_t i = 0; i < 17; ++i)
      if (!is_digit(token[i])) return false;
    char last = token[17] == 'x' ? 'X' : token[17];
    if (!is_digit(last) && last != 'X') return false;
    // ISO 7064 MOD 11-2: weights are 2^(17-i) mod 11.
    static constexpr unsigned kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    unsigned sum = 0;
    for (size_t i = 0; i < 17; ++i) sum += kWeights[i] * static_cast<unsigned>(token[i] - '0');
    static constexpr char kCheck[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
    if (kCheck[sum % 11] != last) return false;
    return is_region_code(number_at(token, 0, 6)) &&
           plausible_birth_date(number_at(token, 6, 4), number_at(token, 10, 2),
                                number_at(token, 12, 2));
  }
  if (token.size() == 15) {
    for (char c : token)
      if (!is_digit(c)) return false;
    // Legacy numbers carry a two-digit birth year in the 1900s and no check digit.
    return is_region_code(number_at(token, 0, 6)) &&
           plausible_birth_date(1900 + number_at(token, 6, 2), number_at(token, 8, 2),
                                number_at(token, 10, 2));
  }
  return false;
}

}  // namespace paicha::pii
