#pragma once
// etcd: "GET /version" -> {"etcdserver":"3.5.9","etcdcluster":"3.5.0"} (no auth needed).
#include <optional>
#include <string>
#include <string_view>

#include "services/http/http_reply.h"
#include "services/probe.h"

namespace paicha::services::etcd {

std::optional<Identification> identify(const http::HttpReply& reply);

std::string version_request();
// Matches only etcd; any other HTTP reply is no_match (the generic probe names it).
ParseResult parse_version_reply(std::string_view reply);

}  // namespace paicha::services::etcd
