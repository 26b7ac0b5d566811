#pragma once
// HTTP: one "GET /" request names the specific HTTP data services (Elasticsearch/OpenSearch,
// CouchDB, ClickHouse, InfluxDB, etcd) and otherwise reports a generic web server.
#include <string>
#include <string_view>

#include "services/http/http_reply.h"
#include "services/probe.h"

namespace paicha::services::http {

std::string root_request();

// Specific services first; any other HTTP response -> service "http".
ParseResult parse_root_reply(std::string_view reply);

// service "http": product/version from "Server: name/version", status and <title> in info.
Identification identify_generic(const HttpReply& reply);

// The text of the first <title> element: entities decoded, whitespace folded, at most
// `max_chars` characters; empty when there is none.
std::string html_title(std::string_view body, size_t max_chars = 80);

}  // namespace paicha::services::http
