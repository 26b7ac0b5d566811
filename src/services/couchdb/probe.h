#pragma once
// Apache CouchDB, recognised from "GET /": {"couchdb":"Welcome","version":"3.3.2",...} or its
// "Server: CouchDB/3.3.2 (Erlang OTP/24)" header.
#include <optional>

#include "services/http/http_reply.h"
#include "services/probe.h"

namespace paicha::services::couchdb {

std::optional<Identification> identify(const http::HttpReply& reply);

}  // namespace paicha::services::couchdb
