#include "services/clickhouse/probe.h"

#include <fmt/format.h>

#include "services/probe_util.h"

namespace paicha::services::clickhouse {

std::optional<Identification> identify(const http::HttpReply& reply) {
  const bool headers = reply.has_header_prefix("X-ClickHouse-");
  const bool default_response = reply.status == 200 && reply.body == "Ok.\n";
  const bool no_handle = reply.status == 404 &&
                         reply.body.find("There is no handle") != std::string::npos &&
                         reply.body.find("clickhouse") != std::string::npos;
  if (!headers && !default_response && !no_handle) return std::nullopt;
  Identification id;
  id.service = "clickhouse";
  id.product = "ClickHouse";
  if (const auto name = reply.header("X-ClickHouse-Server-Display-Name")) {
    id.info = fmt::format("display name {}", *name);
  }
  if (const auto tz = reply.header("X-ClickHouse-Timezone")) {
    append_info(id.info, fmt::format("timezone {}", *tz));
  }
  if (reply.status == 401 || reply.status == 403) append_info(id.info, "auth required");
  return id;
}

}  // namespace paicha::services::clickhouse
