#include "pii/text_util.h"
#include "pii/validators.h"

namespace paicha::pii {

bool valid_email(std::string_view token) {
  size_t at = token.find('@');
  if (at == std::string_view::npos || token.size() > 254) return false;
  std::string_view local = token.substr(0, at);
  std::string_view domain = token.substr(at + 1);
  if (local.empty() || local.size() > 64 || local.front() == '.' || local.back() == '.' ||
      local.find("..") != std::string_view::npos)
    return false;
  for (char c : local)
    if (!is_email_local_char(c)) return false;
  // Domain: at least two labels of letters, digits and inner hyphens; a letters-only TLD.
  size_t labels = 0;
  while (true) {
    size_t dot = domain.find('.');
    std::string_view label = domain.substr(0, dot);
    if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-')
      return false;
    for (char c : label)  // no dots in a label: the domain class is [A-Za-z0-9-] here
      if (!is_domain_char(c)) return false;
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

}  // namespace paicha::pii
