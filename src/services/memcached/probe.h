#pragma once
// Memcached text protocol: "version\r\n" -> "VERSION 1.6.18\r\n".
#include <string>
#include <string_view>

#include "services/probe.h"

namespace paicha::services::memcached {

std::string version_request();
// A bare "ERROR" is not enough: many line protocols say that to unknown commands.
ParseResult parse_version_reply(std::string_view reply);

}  // namespace paicha::services::memcached
