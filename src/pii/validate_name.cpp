#include "pii/tables.h"
#include "pii/text_util.h"
#include "pii/validators.h"

namespace paicha::pii {

bool valid_name(std::string_view token) {
  size_t chars = cjk_count(token);
  if (chars < 2 || chars > 4) return false;
  size_t surname = surname_prefix_length(token);
  // A compound surname alone ("欧阳") is a surname, not a name.
  return surname != 0 && surname < token.size();
}

}  // namespace paicha::pii
