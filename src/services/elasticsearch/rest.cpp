#include "services/elasticsearch/rest.h"

#include <openssl/evp.h>

#include <charconv>

#include "services/http/json_body.h"
#include "services/probe_util.h"

namespace paicha::services::elasticsearch {

namespace {

std::optional<nlohmann::json> parse_json(std::string_view body) {
  try {
    nlohmann::json parsed = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
    if (parsed.is_discarded()) return std::nullopt;
    return parsed;
  } catch (...) {  // allocation failures: the body is simply not usable
    return std::nullopt;
  }
}

// A size the APIs give as a number or as a decimal string.
std::optional<int64_t> as_bytes(const nlohmann::json& value) {
  if (value.is_number_integer()) return value.get<int64_t>();
  if (value.is_number_unsigned()) {
    const auto v = value.get<uint64_t>();
    return v > static_cast<uint64_t>(INT64_MAX) ? INT64_MAX : static_cast<int64_t>(v);
  }
  if (value.is_string()) {
    const auto& text = value.get_ref<const std::string&>();
    int64_t v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec == std::errc() && end == text.data() + text.size()) return v;
  }
  return std::nullopt;
}

// A setting by its dotted name, whether the node reports it nested ({"xpack":{"security":...}},
// the default) or flat ({"xpack.security.audit.enabled": ...}), or anything in between.
const nlohmann::json* setting(const nlohmann::json& settings, std::string_view name) {
  if (!settings.is_object()) return nullptr;
  const auto flat = settings.find(name);
  if (flat != settings.end()) return &*flat;
  for (size_t dot = name.find('.'); dot != std::string_view::npos; dot = name.find('.', dot + 1)) {
    const auto child = settings.find(name.substr(0, dot));
    if (child == settings.end()) continue;
    if (const auto* found = setting(*child, name.substr(dot + 1))) return found;
  }
  return nullptr;
}

bool truthy(const nlohmann::json* value) {
  if (!value) return false;
  if (value->is_boolean()) return value->get<bool>();
  return value->is_string() && value->get_ref<const std::string&>() == "true";
}

bool node_audits(const nlohmann::json& settings) {
  const nlohmann::json* security = setting(settings, "xpack.security.enabled");
  const bool xpack_off = security && !truthy(security) && !security->is_null();
  if (!xpack_off && truthy(setting(settings, "xpack.security.audit.enabled"))) return true;
  for (std::string_view key : {"plugins.security.audit.type", "opendistro_security.audit.type"}) {
    const nlohmann::json* type = setting(settings, key);
    if (type && type->is_string() && !type->get_ref<const std::string&>().empty() &&
        type->get_ref<const std::string&>() != "noop")
      return true;
  }
  return false;
}

}  // namespace

std::optional<IndexSummary> parse_cat_indices(std::string_view body) {
  const auto doc = parse_json(body);
  if (!doc || !doc->is_array()) return std::nullopt;
  IndexSummary summary;
  for (const auto& index : *doc) {
    if (!index.is_object()) return std::nullopt;
    ++summary.count;
    const auto size = index.find("store.size");
    if (size == index.end()) continue;
    if (const auto bytes = as_bytes(*size);
        bytes && *bytes > 0 && summary.bytes <= INT64_MAX - *bytes)
      summary.bytes += *bytes;
  }
  return summary;
}

std::optional<IndexSummary> parse_cluster_stats(std::string_view body) {
  const auto doc = parse_json(body);
  if (!doc || !doc->is_object()) return std::nullopt;
  const auto indices = doc->find("indices");
  if (indices == doc->end() || !indices->is_object()) return std::nullopt;
  IndexSummary summary;
  const auto count = indices->find("count");
  if (count == indices->end()) return std::nullopt;
  summary.count = as_bytes(*count).value_or(0);
  if (const auto* size = setting(*indices, "store.size_in_bytes"))
    summary.bytes = as_bytes(*size).value_or(0);
  return summary;
}

std::optional<AuditSummary> parse_node_audit_settings(std::string_view body) {
  const auto doc = parse_json(body);
  if (!doc || !doc->is_object()) return std::nullopt;
  const auto nodes = doc->find("nodes");
  if (nodes == doc->end() || !nodes->is_object()) return std::nullopt;
  AuditSummary summary;
  for (const auto& [id, node] : nodes->items()) {
    if (!node.is_object()) continue;
    ++summary.nodes;
    const auto settings = node.find("settings");
    if (settings != node.end() && node_audits(*settings)) continue;
    const auto name = http::json_string(node, "name");
    summary.nodes_without_audit.push_back(clean_text(name.value_or(id), 60));
  }
  return summary;
}

std::string basic_authorization(std::string_view user, std::string_view password) {
  const std::string plain = std::string(user) + ":" + std::string(password);
  std::string encoded(4 * ((plain.size() + 2) / 3) + 1, '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                                reinterpret_cast<const unsigned char*>(plain.data()),
                                static_cast<int>(plain.size()));
  encoded.resize(static_cast<size_t>(n));
  return "Basic " + encoded;
}

}  // namespace paicha::services::elasticsearch
