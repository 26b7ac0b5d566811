#include "pii/email_around.h"

#include <bit>
#include <cstdint>

#include "pii/text_util.h"
#include "pii/validators.h"
#include "pii/window_masks.h"

namespace paicha::pii {

namespace {

// Bits [from, to) of a 64-bit mask, for 0 <= from <= to <= 64.
uint64_t bit_range(unsigned from, unsigned to) {
  uint64_t below_to = to >= 64 ? ~uint64_t{0} : (uint64_t{1} << to) - 1;
  uint64_t below_from = from >= 64 ? ~uint64_t{0} : (uint64_t{1} << from) - 1;
  return below_to & ~below_from;
}

}  // namespace

bool email_around_plain(std::string_view text, size_t at, size_t& begin, size_t& end) {
  if (at == 0 || !is_email_local_char(text[at - 1]) || at + 1 >= text.size() ||
      !is_alnum(text[at + 1]))
    return false;
  begin = at;
  while (begin > 0 && at - begin < 64 && is_email_local_char(text[begin - 1])) --begin;
  end = at + 1;
  while (end < text.size() && end - at < 255 && is_domain_char(text[end])) ++end;
  while (end > at + 1 && (text[end - 1] == '.' || text[end - 1] == '-')) --end;
  while (begin < at && text[begin] == '.') ++begin;
  return valid_email_parts(text.substr(begin, at - begin), text.substr(at + 1, end - at - 1));
}

bool email_around(std::string_view text, size_t at, size_t& begin, size_t& end) {
  using bytes::kWindow;
  if (at < kWindow || at + 1 + kWindow > text.size())
    return email_around_plain(text, at, begin, end);
  // The 64 bytes before the "@" (bit 63 is the byte before it) and the 64 after it (bit 0 is
  // the byte after it). The rules are valid_email_parts', on masks.
  bytes::EmailMasks before, after;
  bytes::email_masks(text.data() + at - kWindow, &before);
  bytes::email_masks(text.data() + at + 1, &after);

  const uint64_t local_bytes = before.alnum | before.dots | before.hyphens | before.local_marks;
  if (!(local_bytes >> 63)) return false;
  const unsigned run = static_cast<unsigned>(std::countl_one(local_bytes));  // at most 64
  const unsigned local_from = kWindow - run;
  // Leading dots are not part of the address.
  const unsigned leading_dots = static_cast<unsigned>(std::countr_one(before.dots >> local_from));
  if (leading_dots >= run) return false;  // nothing but dots
  const uint64_t local = bit_range(local_from + leading_dots, kWindow);
  if (before.dots >> 63) return false;  // a dot before the "@"
  if (before.dots & (before.dots << 1) & local & (local << 1)) return false;  // ".."

  if (!(after.alnum & 1)) return false;
  const uint64_t domain_bytes = after.alnum | after.dots | after.hyphens;
  const unsigned length = static_cast<unsigned>(std::countr_one(domain_bytes));
  if (length == kWindow) return email_around_plain(text, at, begin, end);  // a longer domain
  // Trailing dots and hyphens are not part of it; the first byte is a letter or digit.
  const uint64_t kept = ~(after.dots | after.hyphens) & bit_range(0, length);
  const unsigned domain_end = 64 - static_cast<unsigned>(std::countl_zero(kept));
  const uint64_t domain = bit_range(0, domain_end);
  const uint64_t dots = after.dots & domain, hyphens = after.hyphens & domain;
  if (!dots || (dots & (dots >> 1))) return false;          // one label only, or an empty one
  if (hyphens & ((dots << 1) | (dots >> 1))) return false;  // a label starts or ends with "-"
  // The top-level domain: two or more letters.
  const unsigned last_dot = 63 - static_cast<unsigned>(std::countl_zero(dots));
  if (domain_end - last_dot - 1 < 2) return false;
  if ((after.digits | after.hyphens) & bit_range(last_dot + 1, domain_end)) return false;

  begin = at - run + leading_dots;
  end = at + 1 + domain_end;
  return true;
}

}  // namespace paicha::pii
