#pragma once
// Elasticsearch and OpenSearch, recognised from the reply to "GET /".
#include <optional>

#include "services/http/http_reply.h"
#include "services/probe.h"

namespace paicha::services::elasticsearch {

// The root document ({"version":{"number":...},"tagline":"You Know, for Search"}) or a 401
// from the security plugin (realm "security" / "OpenSearch Security").
std::optional<Identification> identify(const http::HttpReply& reply);

}  // namespace paicha::services::elasticsearch
