#include "pii/text_util.h"
#include "pii/validators.h"

namespace paicha::pii {

bool valid_email_parts(std::string_view local, std::string_view domain) {
  if (local.empty() || local.size() > 64 || local.size() + 1 + domain.size() > 254 ||
      local.front() == '.' || local.back() == '.')
    return false;
  for (size_t i = 1; i < local.size(); ++i)
    if (local[i] == '.' && local[i - 1] == '.') return false;
  // Domain: at least two labels of letters, digits and inner hyphens; a letters-only TLD. One
  // pass, as every "@" of a text comes here.
  size_t dots = 0, label = 0;
  bool alpha = true;
  char previous = '.';
  for (char c : domain) {
    if (c == '.') {
      if (label == 0 || label > 63 || previous == '-') return false;
      ++dots;
      label = 0;
      alpha = true;
    } else {
      if (label == 0 && c == '-') return false;
      ++label;
      alpha = alpha && is_alpha(c);
    }
    previous = c;
  }
  return dots >= 1 && label >= 2 && label <= 63 && previous != '-' && alpha;
}

bool valid_email(std::string_view token) {
  size_t at = token.find('@');
  if (at == std::string_view::npos || token.size() > 254) return false;
  std::string_view local = token.substr(0, at);
  std::string_view domain = token.substr(at + 1);
  for (char c : local)
    if (!is_email_local_char(c)) return false;
  for (char c : domain)  // [A-Za-z0-9.-]: labels, and the dots between them
    if (!is_domain_char(c)) return false;
  return valid_email_parts(local, domain);
}

}  // namespace paicha::pii
