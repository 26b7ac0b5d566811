#pragma once
// Telnet servers speak first: option negotiation (IAC WILL/WONT/DO/DONT/SB, RFC 854/855) or a
// login prompt.
#include <string_view>

#include "services/probe.h"

namespace paicha::services::telnet {

inline constexpr unsigned char kIac = 0xff;

ParseResult parse_greeting(std::string_view greeting);

}  // namespace paicha::services::telnet
