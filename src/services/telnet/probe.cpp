#include "services/telnet/probe.h"

#include <array>
#include <string>

#include "services/probe_util.h"

namespace paicha::services::telnet {

namespace {

constexpr unsigned char kSb = 0xfa;
constexpr unsigned char kSe = 0xf0;
constexpr unsigned char kWill = 0xfb;
constexpr unsigned char kDont = 0xfe;

// The printable text of the greeting, without the negotiation sequences.
std::string strip_negotiation(std::string_view bytes) {
  std::string text;
  size_t i = 0;
  while (i < bytes.size()) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    if (c != kIac) {
      text += bytes[i++];
      continue;
    }
    if (i + 1 >= bytes.size()) break;
    const auto verb = static_cast<unsigned char>(bytes[i + 1]);
    if (verb >= kWill && verb <= kDont) {
      i += 3;
    } else if (verb == kSb) {
      // Subnegotiation runs to IAC SE.
      size_t end = i + 2;
      while (end + 1 < bytes.size() && !(static_cast<unsigned char>(bytes[end]) == kIac &&
                                         static_cast<unsigned char>(bytes[end + 1]) == kSe)) {
        ++end;
      }
      i = end + 2;
    } else if (verb == kIac) {
      text += bytes[i + 1];
      i += 2;
    } else {
      i += 2;
    }
  }
  return text;
}

bool ends_with_prompt(std::string_view text) {
  static constexpr std::array<std::string_view, 5> kPrompts{
      "login:", "username:", "user name:", "password:", "user:"};
  text = trim(text);
  for (const auto prompt : kPrompts) {
    if (text.size() >= prompt.size() &&
        starts_with_ci(text.substr(text.size() - prompt.size()), prompt)) {
      return true;
    }
  }
  return false;
}

}  // namespace

ParseResult parse_greeting(std::string_view greeting) {
  if (greeting.empty()) return ParseResult::more();
  Identification id;
  id.service = "telnet";
  id.tls = false;
  const auto first = static_cast<unsigned char>(greeting[0]);
  if (first == kIac) {
    if (greeting.size() < 2) return ParseResult::more();
    const auto verb = static_cast<unsigned char>(greeting[1]);
    if (verb < kSb || verb > kDont) return ParseResult::no();
    if (greeting.size() < 3) return ParseResult::more();
    id.info = "option negotiation";
  }
  const std::string text = strip_negotiation(greeting);
  if (ends_with_prompt(text)) {
    append_info(id.info, "login prompt");
    if (const auto line = first_line(text); line && !trim(*line).empty()) {
      append_info(id.info, trim(*line));
    }
  }
  if (id.info.empty()) return ParseResult::no();
  return ParseResult::match(cleaned(id));
}

}  // namespace paicha::services::telnet
