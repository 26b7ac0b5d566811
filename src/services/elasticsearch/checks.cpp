#include "services/elasticsearch/checks.h"
#include "core/human_size.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "core/i18n.h"
#include "services/elasticsearch/rest.h"
#include "services/guessing.h"

namespace paicha::services::elasticsearch {

namespace {

asio::awaitable<LoginResult> try_login(AuditContext& context, bool tls, std::string user,
                                       std::string password) {
  const RestReply reply = co_await rest_get(context, tls, "/", basic_authorization(user, password));
  switch (reply.status) {
    case 0:
      co_return LoginResult{LoginOutcome::error, reply.error};
    case 200:
    // Authenticated but without the monitor privilege that GET / needs: the password is right.
    case 403:
      co_return LoginResult{LoginOutcome::success, {}};
    case 401:
      co_return LoginResult{LoginOutcome::rejected, {}};
    case 429:
      co_return LoginResult{LoginOutcome::blocked, "HTTP 429 Too Many Requests"};
    default:
      co_return LoginResult{LoginOutcome::error, fmt::format("HTTP {}", reply.status)};
  }
}

asio::awaitable<void> check_weak_passwords(AuditContext& context, bool tls) {
  const TryLogin login = [&context, tls](const std::string& user, const std::string& password) {
    return try_login(context, tls, user, password);
  };
  const GuessResult guessed = co_await guess_credentials(context, login);
  if (guessed.found) {
    context.report("elasticsearch.weak_password",
                   fmt::format(fmt::runtime(tr("账号 {} 使用弱口令 {}，HTTP Basic 认证通过",
                                               "account {} uses the weak password {}, accepted by "
                                               "HTTP Basic authentication")),
                               guessed.found->user, mask_secret(guessed.found->password)),
                   guessed.found->user);
  }
  if (guessed.stopped_blocked)
    context.note(fmt::format(
        fmt::runtime(tr("Elasticsearch 口令猜测已停止：{}", "Elasticsearch guessing stopped: {}")),
        guessed.detail));
}

// The index list, or the cluster totals when the list is too long to read whole.
asio::awaitable<std::optional<IndexSummary>> read_index_summary(AuditContext& context, bool tls,
                                                                const RestReply& cat) {
  if (auto summary = parse_cat_indices(cat.body)) co_return summary;
  const RestReply stats = co_await rest_get(context, tls, kClusterStatsPath);
  if (stats.status == 200) co_return parse_cluster_stats(stats.body);
  co_return std::nullopt;
}

asio::awaitable<void> check_audit(AuditContext& context, bool tls,
                                  const std::string& authorization) {
  const RestReply reply = co_await rest_get(context, tls, kNodeAuditSettingsPath, authorization);
  const auto summary = reply.status == 200 ? parse_node_audit_settings(reply.body) : std::nullopt;
  if (!summary) {
    context.note(fmt::format(
        fmt::runtime(
            tr("无法读取 Elasticsearch 节点设置（{}），跳过审计检查",
               "could not read the Elasticsearch node settings ({}); audit check skipped")),
        reply.status ? fmt::format("HTTP {}", reply.status) : reply.error));
    co_return;
  }
  if (summary->nodes_without_audit.empty()) co_return;
  const bool opensearch = context.asset.product == "OpenSearch";
  const std::string_view setting =
      opensearch ? "plugins.security.audit.type" : "xpack.security.audit.enabled";
  const size_t shown = std::min<size_t>(summary->nodes_without_audit.size(), 10);
  context.report(
      "elasticsearch.no_audit",
      fmt::format(fmt::runtime(tr("{0} 个节点中有 {1} 个未启用审计日志（{2} 未设置）：{3}",
                                  "{1} of {0} nodes have no audit log ({2} not set): {3}")),
                  summary->nodes, summary->nodes_without_audit.size(), setting,
                  fmt::join(summary->nodes_without_audit.begin(),
                            summary->nodes_without_audit.begin() + static_cast<long>(shown), ", ")),
      "audit");
}

}  // namespace

std::vector<std::string> default_users() {
  return {"elastic", "admin", "kibana"};
}

asio::awaitable<void> audit_elasticsearch(AuditContext& context) {
  bool tls = context.asset.tls.value_or(false);
  RestReply cat = co_await rest_get(context, tls, kCatIndicesPath);
  if (cat.status == 0 && !tls) {
    RestReply over_tls = co_await rest_get(context, true, kCatIndicesPath);
    if (over_tls.status != 0) {
      tls = true;
      cat = std::move(over_tls);
    }
  }
  if (cat.status == 0) {
    context.note(fmt::format(
        fmt::runtime(tr("Elasticsearch 无 HTTP 应答：{}", "Elasticsearch: no HTTP reply: {}")),
        cat.error));
    co_return;
  }
  if (!tls) {
    context.report(
        "elasticsearch.no_tls",
        fmt::format(fmt::runtime(tr("HTTP 接口接受明文请求（GET /_cat/indices 返回 HTTP {}）",
                                    "the HTTP interface accepts plaintext requests "
                                    "(GET /_cat/indices returned HTTP {})")),
                    cat.status),
        "http");
  }

  bool open = false;
  if (cat.status == 200) {
    if (const auto summary = co_await read_index_summary(context, tls, cat)) {
      open = true;
      context.report("elasticsearch.unauthorized_access",
                     fmt::format(fmt::runtime(tr("无需认证即可列出索引：{} 个索引，共 {}",
                                                 "indices listed without authentication: {} "
                                                 "indices, {} in total")),
                                 summary->count, human_size(summary->bytes)));
    } else {
      context.note(std::string(tr("Elasticsearch 返回 200 但索引列表无法解析",
                                  "Elasticsearch answered 200 but the index list did not parse")));
    }
  }

  if (open) {
    co_await check_audit(context, tls, "");
  } else if (context.login) {
    co_await check_audit(context, tls,
                         basic_authorization(context.login->user, context.login->password));
  } else {
    context.note(std::string(tr("未提供 Elasticsearch 凭据：审计检查需要 --creds",
                                "no Elasticsearch credentials: the audit check needs --creds")));
  }

  if (cat.status == 401 || cat.status == 403) co_await check_weak_passwords(context, tls);
}

}  // namespace paicha::services::elasticsearch
