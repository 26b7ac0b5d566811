#pragma once
// The Elasticsearch/OpenSearch REST calls of the audit: one GET per connection (HTTP/1.1,
// "Connection: close"), optional Basic authentication, and parsers of the JSON bodies
// (documented at https://www.elastic.co/guide/en/elasticsearch/reference/current/rest-apis.html).
#include <asio/awaitable.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/check.h"

namespace paicha::services::elasticsearch {

// cat indices API, JSON form with byte sizes (GET /_cat/indices?format=json&bytes=b&h=...):
// an array of objects whose "store.size" is a decimal string of bytes (null for closed indices).
inline constexpr std::string_view kCatIndicesPath =
    "/_cat/indices?format=json&bytes=b&h=index,store.size";
// cluster stats API: the totals, for clusters whose index list is too long to read whole.
inline constexpr std::string_view kClusterStatsPath =
    "/_cluster/stats?filter_path=indices.count,indices.store.size_in_bytes";
// nodes info API, settings metric: each node's settings as given in its configuration file.
inline constexpr std::string_view kNodeAuditSettingsPath =
    "/_nodes/settings?filter_path=nodes.*.name,nodes.*.settings.xpack.security.enabled,"
    "nodes.*.settings.xpack.security.audit,nodes.*.settings.plugins.security.audit,"
    "nodes.*.settings.opendistro_security.audit";

struct IndexSummary {
  int64_t count = 0;
  int64_t bytes = 0;
};
std::optional<IndexSummary> parse_cat_indices(std::string_view body);
std::optional<IndexSummary> parse_cluster_stats(std::string_view body);

// Which nodes run without an audit log: Elasticsearch xpack.security.audit.enabled (default
// false, and nothing is audited while xpack.security.enabled is false); OpenSearch
// plugins.security.audit.type (formerly opendistro_security.audit.type; unset means none).
struct AuditSummary {
  int nodes = 0;
  std::vector<std::string> nodes_without_audit;  // node names (or ids)
};
std::optional<AuditSummary> parse_node_audit_settings(std::string_view body);

// "Basic base64(user:password)" (RFC 7617).
std::string basic_authorization(std::string_view user, std::string_view password);

struct RestReply {
  int status = 0;          // 0 when no HTTP reply arrived
  std::string body;        // at most http::kMaxBody bytes
  bool truncated = false;  // the body was longer than what is kept
  std::string error;       // why no reply arrived
};
// One GET on a new connection (TLS when `tls`), reading the whole reply.
asio::awaitable<RestReply> rest_get(AuditContext& context, bool tls, std::string_view path,
                                    std::string_view authorization = "");

}  // namespace paicha::services::elasticsearch
