#include "app/pii_db_run.h"

#include <fmt/format.h>

#include <cstdlib>

#include "core/i18n.h"
#include "pii/db_exposure.h"

namespace paicha::app {

namespace {

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

// Host:port pairs that the latest audit run (or this run) found open without authentication.
bool audit_found_unauthenticated(store::Store& store, int64_t run_id, const std::string& host,
                                 uint16_t port) {
  std::vector<int64_t> runs = {run_id};
  if (auto latest = store.latest_run("audit")) runs.push_back(latest->id);
  for (int64_t id : runs)
    for (const auto& f : store.findings(id))
      if (f.category == "unauthorized_access" && f.host == host && f.port == port) return true;
  return false;
}

}  // namespace

sources::db::Login resolve_login(const Dsn& dsn, const CredentialStore& creds) {
  sources::db::Login login{dsn.user, dsn.password};
  if (dsn.has_password) return login;
  if (auto supplied = creds.find(dsn.engine, dsn.host, dsn.port)) {
    if (login.user.empty()) login.user = supplied->user;
    if (login.user == supplied->user || supplied->user.empty()) {
      login.password = supplied->password;
      return login;
    }
  }
  std::string user_var, password_var;
  if (dsn.engine == "postgresql") user_var = "PGUSER", password_var = "PGPASSWORD";
  if (dsn.engine == "mysql") user_var = "MYSQL_USER", password_var = "MYSQL_PWD";
  if (dsn.engine == "redis") password_var = "REDISCLI_AUTH";
  if (dsn.engine == "mongodb") user_var = "MONGODB_USER", password_var = "MONGODB_PASSWORD";
  if (login.user.empty() && !user_var.empty()) login.user = env(user_var.c_str());
  if (login.user.empty()) login.user = env("PAICHA_DB_USER");
  if (!password_var.empty()) login.password = env(password_var.c_str());
  if (login.password.empty()) login.password = env("PAICHA_DB_PASSWORD");
  return login;
}

std::vector<Finding> record_pii_db_results(store::Store& store, int64_t run_id,
                                           const std::vector<pii::DbSourceResult>& sources) {
  std::vector<store::DataAsset> data_assets;
  std::vector<Finding> all_findings;
  for (const auto& source : sources) {
    for (const auto& table : source.tables) {
      store::DataAsset a;
      a.kind = "table";
      a.location =
          fmt::format("{}://{}{}/{}", source.engine, source.engine == "sqlite" ? "" : source.host,
                      source.engine == "sqlite" ? "" : ":" + std::to_string(source.port),
                      table.info.qualified());
      a.host = source.host;
      a.port = source.port;
      a.engine = source.engine;
      a.bytes = table.info.bytes;
      a.rows = table.info.rows;
      for (pii::PiiType t : pii::all_types())
        if (table.counts[t]) a.counts[std::string(pii::to_string(t))] = table.counts[t];
      a.category = table.category.empty() ? "business" : table.category;
      a.sensitivity = table.sensitivity;
      a.skipped = table.error.value_or("");
      data_assets.push_back(std::move(a));
    }
    if (source.error) continue;
    std::string reason;
    if (audit_found_unauthenticated(store, run_id, source.host, source.port))
      reason = std::string(
          tr("审计发现该服务可未授权访问", "the audit found it open without authentication"));
    else if (source.without_password)
      reason =
          std::string(tr("paicha 未使用口令即连接成功", "paicha connected without a password"));
    Asset asset;
    asset.host = source.host.empty() ? source.dsn : source.host;  // SQLite: the file
    asset.port = source.port;
    asset.service = source.engine;
    asset.product = source.version;
    std::vector<Finding> findings;
    for (const auto& hit : pii::pii_exposures(source, reason))
      findings.push_back(make_finding(hit.rule, asset, hit.evidence, hit.evidence_key));
    if (findings.empty()) continue;
    // record_checked_asset replaces the endpoint's findings of the run: keep the others.
    std::vector<Finding> merged;
    for (auto& f : store.findings(run_id))
      if (f.host == asset.host && f.port == asset.port && f.category != "pii_exposure")
        merged.push_back(std::move(f));
    merged.insert(merged.end(), findings.begin(), findings.end());
    bool known = false;
    for (const auto& a : store.assets(run_id))
      known |= a.host == asset.host && a.port == asset.port;
    if (!known) store.upsert_assets(run_id, {asset});
    std::vector<std::string> notes;
    const std::string endpoint = fmt::format("{}:{}", asset.host, asset.port);
    for (auto& [where, message] : store.notes(run_id))
      if (where == endpoint) notes.push_back(std::move(message));
    store.record_checked_asset(run_id, asset, merged, notes);
    all_findings.insert(all_findings.end(), findings.begin(), findings.end());
  }
  store.record_data_assets(run_id, data_assets);
  return all_findings;
}

}  // namespace paicha::app
