#pragma once
// ClickHouse HTTP interface (port 8123): "GET /" answers "Ok.\n" (http_server_default_response),
// query replies carry X-ClickHouse-* headers, and unknown paths explain "There is no handle".
#include <optional>

#include "services/http/http_reply.h"
#include "services/probe.h"

namespace paicha::services::clickhouse {

std::optional<Identification> identify(const http::HttpReply& reply);

}  // namespace paicha::services::clickhouse
