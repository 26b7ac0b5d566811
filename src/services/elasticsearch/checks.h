#pragma once
// Elasticsearch / OpenSearch audit: every rule of rules/elasticsearch.yaml.
//
// - elasticsearch.unauthorized_access: GET /_cat/indices answers without credentials.
// - elasticsearch.weak_password: Basic-authentication guesses (GET /) when the server answers 401.
// - elasticsearch.no_tls: the HTTP interface answers plaintext HTTP.
// - elasticsearch.no_audit: the nodes' audit settings (GET /_nodes/settings), read with the
//   supplied credentials, or without any on a server that needs none.
// Only GET requests are sent.
#include <asio/awaitable.hpp>
#include <string>
#include <vector>

#include "services/check.h"

namespace paicha::services::elasticsearch {

asio::awaitable<void> audit_elasticsearch(AuditContext& context);

// Accounts tried first by elasticsearch.weak_password: the built-in superuser of Elasticsearch,
// the OpenSearch demo administrator, and Kibana's service account.
std::vector<std::string> default_users();

}  // namespace paicha::services::elasticsearch
