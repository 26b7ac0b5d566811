#include "services/telnet/session.h"

#include <array>

#include "services/probe_util.h"
#include "services/telnet/probe.h"

namespace paicha::services::telnet {

namespace {

constexpr uint8_t kSe = 0xf0;
constexpr uint8_t kSb = 0xfa;
constexpr uint8_t kWill = 0xfb;
constexpr uint8_t kWont = 0xfc;
constexpr uint8_t kDo = 0xfd;
constexpr uint8_t kDont = 0xfe;

bool ends_with_ci(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         starts_with_ci(text.substr(text.size() - suffix.size()), suffix);
}

}  // namespace

void TelnetDecoder::feed(std::string_view bytes, std::string& text, std::string& replies) {
  for (const char byte : bytes) {
    const auto c = static_cast<uint8_t>(byte);
    switch (state_) {
      case State::data:
        if (c == kIac)
          state_ = State::iac;
        else if (c != 0)  // NUL pads CR ("\r\0") in NVT text
          text += byte;
        break;
      case State::iac:
        if (c == kIac) {
          text += byte;  // an escaped 0xFF data byte
          state_ = State::data;
        } else if (c >= kWill && c <= kDont) {
          verb_ = c;
          state_ = State::option;
        } else if (c == kSb) {
          state_ = State::subnegotiation;
        } else {
          state_ = State::data;  // NOP, GA, AYT...: nothing to answer
        }
        break;
      case State::option: {
        // Refuse what is asked; a WONT/DONT needs no answer (we are already "off").
        if ((verb_ == kDo || verb_ == kWill) && answered_.insert(verb_ << 8 | c).second) {
          replies += static_cast<char>(kIac);
          replies += static_cast<char>(verb_ == kDo ? kWont : kDont);
          replies += static_cast<char>(c);
        }
        state_ = State::data;
        break;
      }
      case State::subnegotiation:
        if (c == kIac) state_ = State::subnegotiation_iac;
        break;
      case State::subnegotiation_iac:
        // IAC SE ends it; IAC IAC is an escaped byte inside it.
        state_ = c == kSe ? State::data : State::subnegotiation;
        break;
    }
  }
}

Screen classify_screen(std::string_view text) {
  // First: after a good login Debian prints "There were 3 failed login attempts" too. nologin's
  // refusal comes only after the password was accepted, so it proves the login as well.
  if (contains_ci(text, "Last login") || contains_ci(text, "account is currently not available"))
    return Screen::shell;
  static constexpr std::array<std::string_view, 9> kFailures{"incorrect",
                                                             "failed",
                                                             "denied",
                                                             "invalid",
                                                             "bad password",
                                                             "wrong password",
                                                             "authentication error",
                                                             "错误",
                                                             "失败"};
  for (const auto failure : kFailures)
    if (contains_ci(text, failure)) return Screen::login_failed;
  const std::string_view tail = trim(text);
  for (const std::string_view prompt :
       {"password:", "passcode:", "口令:", "密码:", "口令：", "密码："})
    if (ends_with_ci(tail, prompt)) return Screen::password_prompt;
  for (const std::string_view prompt :
       {"login:", "username:", "user name:", "user:", "用户名:", "用户名："})
    if (ends_with_ci(tail, prompt)) return Screen::login_prompt;
  if (!tail.empty()) {
    // A prompt character at the cursor: "user@host:~$ ", "Router#", "C:\> ".
    const char last = tail.back();
    if (last == '$' || last == '#' || last == '>' || last == '%') return Screen::shell;
  }
  return Screen::nothing;
}

}  // namespace paicha::services::telnet
