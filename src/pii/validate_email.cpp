#include "pii/text_util.h"
#include "pii/validators.h"

namespace paicha::pii {

bool valid_email_parts(std::string_view local, std::string_view domain) {
  if (local.empty() || local.size() > 64 || local.size() + 1 + domain.size() > 254 ||
      local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos)
    return false;
  // Domain: at least two labels of letters, digits and inner hyphens; a letters-only TLD.
  size_t labels = 0;
  while (true) {
    size_t dot = domain.find('.');
    std::string_view label = domain.substr(0, dot);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
      return false;
    ++labels;
    if (dot == std::string_view::npos) {
      if (labels < 2 || label.size() < 2) return false;
      for (char c : label)
        if (!is_alpha(c)) return false;
      return true;
    }
    domain.remove_prefix(dot + 1);
  }
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
