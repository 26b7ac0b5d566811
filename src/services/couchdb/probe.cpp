#include "services/couchdb/probe.h"

#include <fmt/format.h>

#include "services/http/json_body.h"
#include "services/probe_util.h"

namespace paicha::services::couchdb {

std::optional<Identification> identify(const http::HttpReply& reply) {
  Identification id;
  id.service = "couchdb";
  id.product = "CouchDB";
  const std::string_view server = reply.header("Server").value_or("");
  const bool server_says = starts_with_ci(server, "CouchDB/");
  if (server_says) id.version = split_product_version(server).version;

  const auto doc = http::parse_json_object(reply.body);
  const bool welcome = doc && http::json_string(*doc, "couchdb") == "Welcome";
  if (!welcome && !server_says) return std::nullopt;
  if (welcome) {
    if (const auto version = http::json_string(*doc, "version")) {
      id.version = std::string(version_prefix(*version));
    }
    const auto vendor = doc->find("vendor");
    if (vendor != doc->end() && vendor->is_object()) {
      if (const auto name = http::json_string(*vendor, "name"))
        id.info = fmt::format("vendor {}", *name);
    }
  }
  if (reply.status == 401) append_info(id.info, "auth required");
  return id;
}

}  // namespace paicha::services::couchdb
