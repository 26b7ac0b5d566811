#pragma once
// Redis (and Valkey, Dragonfly, KeyDB: RESP servers that answer INFO like Redis).
#include <string>
#include <string_view>

#include "services/probe.h"

namespace paicha::services::redis {

// RESP array for "INFO server": read-only, answered before AUTH only when no password is set.
std::string info_request();

// Bulk string with redis_version, or a Redis error such as -NOAUTH / -DENIED / -NOPERM.
ParseResult parse_info_reply(std::string_view reply);

}  // namespace paicha::services::redis
