#include "pii/text_util.h"
#include "pii/validators.h"

namespace paicha::pii {

bool valid_ipv4(std::string_view token) {
  int parts = 0;
  while (true) {
    size_t dot = token.find('.');
    std::string_view part = token.substr(0, dot);
    if (part.empty() || part.size() > 3 || (part.size() > 1 && part[0] == '0')) return false;
    unsigned v = 0;
    for (char c : part) {
      if (!is_digit(c)) return false;
      v = v * 10 + static_cast<unsigned>(c - '0');
    }
    if (v > 255) return false;
    ++parts;
    if (dot == std::string_view::npos) break;
    token.remove_prefix(dot + 1);
  }
  return parts == 4;
}

}  // namespace paicha::pii
