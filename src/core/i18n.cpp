#include "core/i18n.h"

#include <atomic>

namespace paicha {

namespace {
std::atomic<Lang> g_lang{Lang::zh};
}

void set_lang(Lang lang) {
  g_lang.store(lang, std::memory_order_relaxed);
}
Lang current_lang() {
  return g_lang.load(std::memory_order_relaxed);
}

bool parse_lang(std::string_view text, Lang& out) {
  if (text.starts_with("zh")) {
    out = Lang::zh;
    return true;
  }
  if (text.starts_with("en")) {
    out = Lang::en;
    return true;
  }
  return false;
}

}  // namespace paicha
