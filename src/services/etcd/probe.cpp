#include "services/etcd/probe.h"

#include <fmt/format.h>

#include "services/http/json_body.h"
#include "services/probe_util.h"

namespace paicha::services::etcd {

std::optional<Identification> identify(const http::HttpReply& reply) {
  if (reply.status != 200) return std::nullopt;
  const auto doc = http::parse_json_object(reply.body);
  if (!doc) return std::nullopt;
  const auto server = http::json_string(*doc, "etcdserver");
  if (!server) return std::nullopt;
  Identification id;
  id.service = "etcd";
  id.product = "etcd";
  id.version = std::string(version_prefix(*server));
  if (const auto cluster = http::json_string(*doc, "etcdcluster"))
    id.info = fmt::format("cluster {}", *cluster);
  return id;
}

std::string version_request() {
  return http::get_request("/version");
}

ParseResult parse_version_reply(std::string_view reply) {
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

}  // namespace paicha::services::etcd
