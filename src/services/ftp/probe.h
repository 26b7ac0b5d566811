#pragma once
// FTP (RFC 959): the 220 greeting names the server; FEAT (RFC 2389) lists "AUTH TLS"
// (RFC 4217) without changing the session state.
#include <string>
#include <string_view>

#include "services/probe.h"

namespace paicha::services::ftp {

ParseResult parse_greeting(std::string_view greeting);

std::string feat_request();
// 211 feature list -> tls true when AUTH TLS/SSL is listed, false otherwise.
ParseResult parse_feat_reply(std::string_view reply);

}  // namespace paicha::services::ftp
