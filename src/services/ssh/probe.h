#pragma once
// SSH identification string (RFC 4253 4.2): "SSH-protoversion-softwareversion SP comments".
#include <string_view>

#include "services/probe.h"

namespace paicha::services::ssh {

ParseResult parse_banner(std::string_view greeting);

}  // namespace paicha::services::ssh
