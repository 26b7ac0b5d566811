#include "services/influxdb/probe.h"

#include <fmt/format.h>

#include "services/probe_util.h"

namespace paicha::services::influxdb {

std::optional<Identification> identify(const http::HttpReply& reply) {
  const auto version = reply.header("X-Influxdb-Version");
  if (!version) return std::nullopt;
  Identification id;
  id.service = "influxdb";
  id.product = "InfluxDB";
  std::string_view v = *version;
  if (!v.empty() && (v.front() == 'v' || v.front() == 'V')) v.remove_prefix(1);
  id.version = std::string(version_prefix(v));
  if (const auto build = reply.header("X-Influxdb-Build"))
    id.info = fmt::format("build {}", *build);
  if (reply.status == 401) append_info(id.info, "auth required");
  return id;
}

std::string ping_request() {
  return http::get_request("/ping");
}

ParseResult parse_ping_reply(std::string_view reply) {
  http::HttpReply parsed;
  switch (http::parse_reply(reply, parsed)) {
    case http::ReplyState::not_http:
      return ParseResult::no();
    case http::ReplyState::incomplete:
      return ParseResult::more();
    case http::ReplyState::complete:
      break;
  }
  if (auto id = identify(parsed)) return ParseResult::match(cleaned(*id));
  return ParseResult::no();
}

}  // namespace paicha::services::influxdb
