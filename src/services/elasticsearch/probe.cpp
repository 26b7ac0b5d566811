#include "services/elasticsearch/probe.h"

#include <fmt/format.h>

#include "services/http/json_body.h"
#include "services/probe_util.h"

namespace paicha::services::elasticsearch {

namespace {

Identification es_id(std::string_view product) {
  Identification id;
  id.service = "elasticsearch";
  id.product = std::string(product);
  return id;
}

std::optional<Identification> from_root_document(const nlohmann::json& doc) {
  const auto version_it = doc.find("version");
  if (version_it == doc.end() || !version_it->is_object()) return std::nullopt;
  const auto number = http::json_string(*version_it, "number");
  const auto distribution = http::json_string(*version_it, "distribution");
  const auto tagline = http::json_string(doc, "tagline").value_or("");
  const bool opensearch = distribution == "opensearch" || contains_ci(tagline, "OpenSearch");
  const bool elastic = tagline == "You Know, for Search";
  if (!number || (!opensearch && !elastic)) return std::nullopt;
  Identification id = es_id(opensearch ? "OpenSearch" : "Elasticsearch");
  id.version = std::string(version_prefix(*number));
  if (const auto cluster = http::json_string(doc, "cluster_name")) {
    id.info = fmt::format("cluster {}", *cluster);
  }
  if (const auto lucene = http::json_string(*version_it, "lucene_version")) {
    append_info(id.info, fmt::format("lucene {}", *lucene));
  }
  append_info(id.info, "no auth");
  return id;
}

}  // namespace

std::optional<Identification> identify(const http::HttpReply& reply) {
  if (reply.status == 200) {
    if (auto doc = http::parse_json_object(reply.body)) return from_root_document(*doc);
    return std::nullopt;
  }
  if (reply.status != 401 && reply.status != 403) return std::nullopt;
  const std::string_view realm = reply.header("WWW-Authenticate").value_or("");
  const auto product_header = reply.header("X-elastic-product");
  if (contains_ci(realm, "OpenSearch Security") || contains_ci(realm, "Open Distro Security")) {
    Identification id = es_id("OpenSearch");
    id.info = "auth required";
    return id;
  }
  const bool security_exception = reply.body.find("\"security_exception\"") != std::string::npos;
  if ((contains_ci(realm, "realm=\"security\"") && security_exception) ||
      (product_header && *product_header == "Elasticsearch")) {
    Identification id = es_id("Elasticsearch");
    id.info = "auth required";
    return id;
  }
  return std::nullopt;
}

}  // namespace paicha::services::elasticsearch
