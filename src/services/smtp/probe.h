#pragma once
// SMTP (RFC 5321): the 220 greeting names the server; EHLO lists STARTTLS (RFC 3207) and AUTH.
#include <string>
#include <string_view>

#include "services/probe.h"

namespace paicha::services::smtp {

ParseResult parse_greeting(std::string_view greeting);

std::string ehlo_request();
// 250 extension list -> tls true when STARTTLS is listed, false otherwise.
ParseResult parse_ehlo_reply(std::string_view reply);

}  // namespace paicha::services::smtp
