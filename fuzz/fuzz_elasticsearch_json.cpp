// Elasticsearch/OpenSearch REST bodies as the audit reads them: the cat indices list, the cluster
// stats totals and the nodes' audit settings.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "services/elasticsearch/rest.h"

using namespace paicha::services::elasticsearch;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  if (auto summary = parse_cat_indices(body))
    if (summary->count < 0 || summary->bytes < 0) __builtin_trap();
  (void)parse_cluster_stats(body);
  if (auto audit = parse_node_audit_settings(body))
    if (static_cast<int>(audit->nodes_without_audit.size()) > audit->nodes) __builtin_trap();
  return 0;
}
