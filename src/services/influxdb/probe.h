#pragma once
// InfluxDB HTTP API: every reply (notably "GET /ping" -> 204) carries X-Influxdb-Version and
// X-Influxdb-Build.
#include <optional>
#include <string>
#include <string_view>

#include "services/http/http_reply.h"
#include "services/probe.h"

namespace paicha::services::influxdb {

std::optional<Identification> identify(const http::HttpReply& reply);

std::string ping_request();
// Matches only InfluxDB; any other HTTP reply is no_match (the generic probe names it).
ParseResult parse_ping_reply(std::string_view reply);

}  // namespace paicha::services::influxdb
