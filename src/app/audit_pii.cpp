#include "app/audit_pii.h"

#include <fmt/format.h>

#include <iostream>

#include "app/pii_db_run.h"
#include "core/credentials.h"
#include "core/i18n.h"

namespace paicha::app {

namespace {

// The default account to try on a service found open without authentication.
std::string default_user(const std::string& engine) {
  if (engine == "postgresql") return "postgres";
  if (engine == "mysql") return "root";
  return "";
}

// The services `pii db` has a sampler for. MongoDB and Elasticsearch open to anyone are the
// classic source of leaked personal data, so they are sampled like the SQL servers.
bool sampled_service(const std::string& service) {
  for (const char* engine : {"postgresql", "mysql", "redis", "mongodb", "elasticsearch"})
    if (service == engine) return true;
  return false;
}

}  // namespace

void audit_pii(store::Store& store, report::RunDocument& doc, const std::string& creds_file,
               const GlobalOptions& global) {
  CredentialStore creds;
  if (!creds_file.empty()) creds.load_file(creds_file, {});
  pii::DbScanOptions options;
  std::vector<pii::DbSourceResult> sources;
  for (const auto& asset : doc.assets) {
    if (!sampled_service(asset.service)) continue;
    Dsn dsn;
    dsn.engine = asset.service;
    dsn.host = asset.host;
    dsn.port = asset.port;
    dsn.original = dsn.endpoint();
    sources::db::Login login;
    if (auto supplied = creds.find(asset.service, asset.host, asset.port)) {
      login = {supplied->user, supplied->password};
      dsn.database = supplied->database;
    } else {
      bool open = false;
      for (const auto& f : doc.findings)
        open |= f.host == asset.host && f.port == asset.port && f.category == "unauthorized_access";
      if (!open) continue;  // no login the audit may use: guessed passwords are never kept
      login.user = default_user(asset.service);
    }
    if (!global.quiet) std::cerr << fmt::format("{} {}\n", tr("抽样", "sampling"), dsn.masked());
    sources.push_back(pii::scan_database(dsn, login, options));
  }
  if (sources.empty()) return;
  for (auto& f : record_pii_db_results(store, doc.run_id, sources))
    doc.findings.push_back(std::move(f));
  if (!global.quiet)
    for (const auto& s : sources)
      if (s.error)
        std::cerr << fmt::format("{}: {}\n", tr("抽样失败", "sampling failed"), *s.error);
}

}  // namespace paicha::app
