#pragma once
// Output language. Chinese is the default because the users are Chinese IT staff filing Chinese
// forms; `--lang en` (or PAICHA_LANG=en) switches every user-facing message.
#include <string_view>

namespace paicha {

enum class Lang { zh, en };

void set_lang(Lang lang);
Lang current_lang();

// Parses "zh"/"en" (also "zh_CN", "en_US.UTF-8"); returns false for anything else.
bool parse_lang(std::string_view text, Lang& out);

// Picks the message for the current language. Call sites keep both texts side by side so a
// translation can never drift away from the message it translates.
inline std::string_view tr(std::string_view zh, std::string_view en) {
  return current_lang() == Lang::zh ? zh : en;
}

}  // namespace paicha
