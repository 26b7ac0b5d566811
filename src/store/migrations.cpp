#include "store/migrations.h"

#include <fmt/format.h>

#include "core/errors.h"
#include "core/i18n.h"

namespace paicha::store {

const std::vector<std::string_view>& migrations() {
  static const std::vector<std::string_view> steps = {
      // 0 -> 1: runs and the assets they found.
      R"sql(
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,                 -- discover, audit, pii-scan, ...
  status TEXT NOT NULL,               -- running, interrupted, done, failed
  started_at TEXT NOT NULL,
  finished_at TEXT,
  tool_version TEXT NOT NULL,
  params TEXT NOT NULL,               -- JSON: what was asked (targets, ports, options)
  checkpoint TEXT                     -- JSON: how far it got, for --resume
);
CREATE TABLE assets (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  host TEXT NOT NULL,
  hostname TEXT NOT NULL DEFAULT '',
  port INTEGER NOT NULL,
  service TEXT NOT NULL,
  product TEXT NOT NULL DEFAULT '',
  version TEXT NOT NULL DEFAULT '',
  tls INTEGER,                        -- 1 offered, 0 not offered, NULL unknown
  banner TEXT NOT NULL DEFAULT '',
  info TEXT NOT NULL DEFAULT '',
  seen_at TEXT NOT NULL,
  UNIQUE (run_id, host, port)
);
CREATE INDEX assets_by_endpoint ON assets(host, port);
)sql",
      // 1 -> 2: findings, keyed by their stable fingerprint, and which assets were checked.
      R"sql(
CREATE TABLE findings (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  fingerprint TEXT NOT NULL,
  rule TEXT NOT NULL,
  category TEXT NOT NULL,
  severity TEXT NOT NULL,
  host TEXT NOT NULL,
  port INTEGER NOT NULL,
  service TEXT NOT NULL,
  title TEXT NOT NULL,
  evidence TEXT NOT NULL,             -- masked
  evidence_key TEXT NOT NULL DEFAULT '',
  remediation TEXT NOT NULL,
  refs TEXT NOT NULL DEFAULT '[]',    -- JSON array
  found_at TEXT NOT NULL,
  UNIQUE (run_id, fingerprint)
);
CREATE INDEX findings_by_fingerprint ON findings(fingerprint);
ALTER TABLE assets ADD COLUMN checked_at TEXT;
CREATE TABLE run_notes (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  host TEXT NOT NULL,
  port INTEGER NOT NULL,
  message TEXT NOT NULL
);
)sql",
      // 2 -> 3: data assets measured by `pii scan` and `pii db`, for the inventory forms.
      R"sql(
CREATE TABLE data_assets (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,                 -- file, table
  location TEXT NOT NULL,
  host TEXT NOT NULL DEFAULT '',
  port INTEGER NOT NULL DEFAULT 0,
  engine TEXT NOT NULL DEFAULT '',
  encoding TEXT NOT NULL DEFAULT '',
  bytes INTEGER NOT NULL DEFAULT 0,
  rows INTEGER NOT NULL DEFAULT 0,
  counts TEXT NOT NULL DEFAULT '{}',  -- JSON: personal-data type -> validated values
  category TEXT NOT NULL,             -- personal, business
  sensitivity TEXT NOT NULL DEFAULT '',
  skipped TEXT NOT NULL DEFAULT '',
  measured_at TEXT NOT NULL
);
CREATE INDEX data_assets_by_run ON data_assets(run_id);
)sql",
      // 3 -> 4: the rectification loop (finding_lifecycle.h). One row per problem across runs,
      // its history, the conditions each asset was checked under (so a finding is called fixed
      // only when its check really ran), and which runs have been classified.
      R"sql(
ALTER TABLE assets ADD COLUMN check_login INTEGER;   -- 1: a --creds login was supplied
ALTER TABLE assets ADD COLUMN check_guess INTEGER;   -- 1: password guessing was on
ALTER TABLE assets ADD COLUMN check_failed INTEGER;  -- 1: the service's check module failed
ALTER TABLE runs ADD COLUMN classified_at TEXT;
CREATE TABLE tracked_findings (
  fingerprint TEXT PRIMARY KEY,
  rule TEXT NOT NULL,
  category TEXT NOT NULL,
  severity TEXT NOT NULL,
  host TEXT NOT NULL,
  port INTEGER NOT NULL,
  service TEXT NOT NULL,
  title TEXT NOT NULL,
  evidence TEXT NOT NULL,             -- latest, masked
  evidence_key TEXT NOT NULL DEFAULT '',
  remediation TEXT NOT NULL,
  refs TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL,               -- new, open, fixed, reopened, accepted
  unverified INTEGER NOT NULL DEFAULT 0,
  seen_with_access INTEGER NOT NULL DEFAULT 0,
  first_seen_run INTEGER NOT NULL,
  first_seen_at TEXT NOT NULL,
  last_seen_run INTEGER NOT NULL,
  last_seen_at TEXT NOT NULL,
  last_checked_run INTEGER NOT NULL,
  last_checked_at TEXT NOT NULL,
  fixed_run INTEGER,
  fixed_at TEXT,
  owner TEXT NOT NULL DEFAULT '',
  department TEXT NOT NULL DEFAULT '',
  due TEXT NOT NULL DEFAULT '',       -- YYYY-MM-DD
  measure TEXT NOT NULL DEFAULT '',   -- 整改措施, when the unit writes its own
  accept_reason TEXT NOT NULL DEFAULT '',
  accept_until TEXT NOT NULL DEFAULT '',
  notes TEXT NOT NULL DEFAULT ''
);
CREATE INDEX tracked_by_endpoint ON tracked_findings(host, port);
CREATE TABLE finding_events (
  id INTEGER PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,               -- detected, seen, fixed, reopened, unverified, accept, ...
  old_status TEXT NOT NULL DEFAULT '',
  new_status TEXT NOT NULL DEFAULT '',
  run_id INTEGER,
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX finding_events_by_fingerprint ON finding_events(fingerprint);
)sql",
  };
  return steps;
}

int current_schema_version() {
  return static_cast<int>(migrations().size());
}

int schema_version(Database& db) {
  auto stmt = db.prepare("PRAGMA user_version");
  return stmt.step() ? static_cast<int>(stmt.column_int(0)) : 0;
}

void migrate(Database& db) {
  int version = schema_version(db);
  if (version > current_schema_version())
    throw RuntimeError(fmt::format("{} {} {} {}, {} {}", tr("结果库", "the store"), db.path(),
                                   tr("的结构版本为", "has schema version"), version,
                                   tr("高于本程序支持的版本", "newer than this paicha supports:"),
                                   current_schema_version()));
  for (; version < current_schema_version(); ++version) {
    Transaction tx(db);
    // Another process may have migrated while this one waited for the write lock.
    if (const int now = schema_version(db); now > version) {
      version = now - 1;
      continue;
    }
    db.exec(migrations()[static_cast<size_t>(version)]);
    db.exec(fmt::format("PRAGMA user_version = {}", version + 1));
    tx.commit();
  }
}

}  // namespace paicha::store
