#include "store/store.h"

#include <algorithm>
#include <ctime>

#include <nlohmann/json.hpp>

#include "store/finding_stream.h"
#include "store/migrations.h"

namespace paicha::store {

std::string now_utc() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

Store::Store(const std::string& path) : db_(path) {
  migrate(db_);
}

int64_t Store::begin_run(const std::string& kind, const std::string& params_json) {
  std::lock_guard lock(mutex_);
  db_.prepare(
         "INSERT INTO runs(kind, status, started_at, tool_version, params) VALUES(?, 'running', "
         "?, ?, ?)")
      .bind(1, kind)
      .bind(2, now_utc())
      .bind(3, std::string_view(PAICHA_VERSION))
      .bind(4, params_json)
      .run();
  return db_.last_insert_id();
}

void Store::set_checkpoint(int64_t run_id, const std::string& checkpoint_json) {
  std::lock_guard lock(mutex_);
  db_.prepare("UPDATE runs SET checkpoint = ? WHERE id = ?")
      .bind(1, checkpoint_json)
      .bind(2, run_id)
      .run();
}

void Store::finish_run(int64_t run_id, const std::string& status) {
  std::lock_guard lock(mutex_);
  db_.prepare("UPDATE runs SET status = ?, finished_at = ? WHERE id = ?")
      .bind(1, status)
      .bind(2, now_utc())
      .bind(3, run_id)
      .run();
}

void Store::reopen_run(int64_t run_id) {
  std::lock_guard lock(mutex_);
  db_.prepare("UPDATE runs SET status = 'running', finished_at = NULL WHERE id = ?")
      .bind(1, run_id)
      .run();
}

namespace {
constexpr std::string_view kRunColumns =
    "SELECT id, kind, status, started_at, coalesce(finished_at, ''), tool_version, params, "
    "coalesce(checkpoint, '') FROM runs ";

RunRecord read_run(const Statement& stmt) {
  return RunRecord{stmt.column_int(0),  stmt.column_text(1), stmt.column_text(2),
                   stmt.column_text(3), stmt.column_text(4), stmt.column_text(5),
                   stmt.column_text(6), stmt.column_text(7)};
}
}  // namespace

std::optional<RunRecord> Store::run(int64_t run_id) {
  std::lock_guard lock(mutex_);
  auto stmt = db_.prepare(std::string(kRunColumns) + "WHERE id = ?");
  stmt.bind(1, run_id);
  if (!stmt.step()) return std::nullopt;
  return read_run(stmt);
}

std::optional<RunRecord> Store::latest_run(const std::string& kind, const std::string& status) {
  std::lock_guard lock(mutex_);
  auto stmt = db_.prepare(std::string(kRunColumns) +
                          "WHERE kind = ? AND (? = '' OR status = ?) ORDER BY id DESC LIMIT 1");
  stmt.bind(1, kind).bind(2, status).bind(3, status);
  if (!stmt.step()) return std::nullopt;
  return read_run(stmt);
}

std::vector<RunRecord> Store::runs(size_t limit) {
  std::lock_guard lock(mutex_);
  auto stmt = db_.prepare(std::string(kRunColumns) + "ORDER BY id DESC LIMIT ?");
  stmt.bind(1, static_cast<int64_t>(limit));
  std::vector<RunRecord> result;
  while (stmt.step()) result.push_back(read_run(stmt));
  return result;
}

void Store::upsert_assets(int64_t run_id, const std::vector<Asset>& assets) {
  if (assets.empty()) return;
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  auto stmt = db_.prepare(
      "INSERT INTO assets(run_id, host, hostname, port, service, product, version, tls, banner, "
      "info, seen_at) VALUES(?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(run_id, host, port) DO UPDATE SET "
      "hostname=excluded.hostname, service=excluded.service, product=excluded.product, "
      "version=excluded.version, tls=excluded.tls, banner=excluded.banner, info=excluded.info, "
      "seen_at=excluded.seen_at");
  const std::string seen = now_utc();
  for (const auto& a : assets) {
    stmt.bind(1, run_id)
        .bind(2, a.host)
        .bind(3, a.hostname)
        .bind(4, static_cast<int64_t>(a.port))
        .bind(5, a.service)
        .bind(6, a.product)
        .bind(7, a.version)
        .bind_optional_bool(8, a.tls)
        .bind(9, a.banner)
        .bind(10, a.info)
        .bind(11, seen)
        .run();
  }
  tx.commit();
}

std::vector<Asset> Store::assets(int64_t run_id) {
  std::lock_guard lock(mutex_);
  auto stmt = db_.prepare(
      "SELECT host, hostname, port, service, product, version, tls, banner, info FROM assets "
      "WHERE run_id = ? ORDER BY id");
  stmt.bind(1, run_id);
  std::vector<Asset> result;
  while (stmt.step()) {
    Asset a;
    a.host = stmt.column_text(0);
    a.hostname = stmt.column_text(1);
    a.port = static_cast<uint16_t>(stmt.column_int(2));
    a.service = stmt.column_text(3);
    a.product = stmt.column_text(4);
    a.version = stmt.column_text(5);
    if (!stmt.column_is_null(6)) a.tls = stmt.column_int(6) != 0;
    a.banner = stmt.column_text(7);
    a.info = stmt.column_text(8);
    result.push_back(std::move(a));
  }
  return result;
}

void Store::record_checked_asset(int64_t run_id, const Asset& asset,
                                 const std::vector<Finding>& findings,
                                 const std::vector<std::string>& notes) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  db_.prepare("DELETE FROM findings WHERE run_id = ? AND host = ? AND port = ?")
      .bind(1, run_id)
      .bind(2, asset.host)
      .bind(3, static_cast<int64_t>(asset.port))
      .run();
  db_.prepare("DELETE FROM run_notes WHERE run_id = ? AND host = ? AND port = ?")
      .bind(1, run_id)
      .bind(2, asset.host)
      .bind(3, static_cast<int64_t>(asset.port))
      .run();
  auto insert = db_.prepare(
      "INSERT OR REPLACE INTO findings(run_id, fingerprint, rule, category, severity, host, port, "
      "service, title, evidence, evidence_key, remediation, refs, found_at) "
      "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  const std::string now = now_utc();
  for (const auto& f : findings) {
    insert.bind(1, run_id)
        .bind(2, f.fingerprint())
        .bind(3, f.rule)
        .bind(4, f.category)
        .bind(5, std::string(to_string(f.severity)))
        .bind(6, f.host)
        .bind(7, static_cast<int64_t>(f.port))
        .bind(8, f.service)
        .bind(9, f.title)
        .bind(10, f.evidence)
        .bind(11, f.evidence_key)
        .bind(12, f.remediation)
        .bind(13, nlohmann::json(f.references).dump())
        .bind(14, now)
        .run();
  }
  auto note = db_.prepare("INSERT INTO run_notes(run_id, host, port, message) VALUES(?,?,?,?)");
  for (const auto& message : notes)
    note.bind(1, run_id)
        .bind(2, asset.host)
        .bind(3, static_cast<int64_t>(asset.port))
        .bind(4, message)
        .run();
  db_.prepare("UPDATE assets SET checked_at = ? WHERE run_id = ? AND host = ? AND port = ?")
      .bind(1, now)
      .bind(2, run_id)
      .bind(3, asset.host)
      .bind(4, static_cast<int64_t>(asset.port))
      .run();
  tx.commit();
}

void Store::record_check_conditions(int64_t run_id, const Asset& asset, bool login, bool guess,
                                    bool failed) {
  std::lock_guard lock(mutex_);
  db_.prepare(
         "UPDATE assets SET check_login = ?, check_guess = ?, check_failed = ? WHERE run_id = ? "
         "AND host = ? AND port = ?")
      .bind(1, int64_t{login})
      .bind(2, int64_t{guess})
      .bind(3, int64_t{failed})
      .bind(4, run_id)
      .bind(5, asset.host)
      .bind(6, static_cast<int64_t>(asset.port))
      .run();
}

std::vector<Finding> Store::findings(int64_t run_id) {
  std::lock_guard lock(mutex_);
  std::vector<Finding> result;
  for_each_finding(
      *this, run_id, [](std::string_view) { return true; },
      [&result](Finding&& f) { result.push_back(std::move(f)); });
  return result;
}

std::vector<Asset> Store::unchecked_assets(int64_t run_id) {
  std::vector<Asset> all = assets(run_id);
  std::lock_guard lock(mutex_);
  auto stmt =
      db_.prepare("SELECT host, port FROM assets WHERE run_id = ? AND checked_at IS NOT NULL");
  stmt.bind(1, run_id);
  std::vector<std::pair<std::string, uint16_t>> checked;
  while (stmt.step())
    checked.emplace_back(stmt.column_text(0), static_cast<uint16_t>(stmt.column_int(1)));
  std::erase_if(all, [&](const Asset& a) {
    return std::find(checked.begin(), checked.end(), std::pair{a.host, a.port}) != checked.end();
  });
  return all;
}

std::vector<std::pair<std::string, std::string>> Store::notes(int64_t run_id) {
  std::lock_guard lock(mutex_);
  auto stmt = db_.prepare("SELECT host, port, message FROM run_notes WHERE run_id = ? ORDER BY id");
  stmt.bind(1, run_id);
  std::vector<std::pair<std::string, std::string>> result;
  while (stmt.step())
    result.emplace_back(stmt.column_text(0) + ":" + std::to_string(stmt.column_int(1)),
                        stmt.column_text(2));
  return result;
}

void Store::record_data_assets(int64_t run_id, const std::vector<DataAsset>& assets) {
  std::lock_guard lock(mutex_);
  Transaction tx(db_);
  auto insert = db_.prepare(
      "INSERT INTO data_assets(run_id, kind, location, host, port, engine, encoding, bytes, rows, "
      "counts, category, sensitivity, skipped, measured_at) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
  const std::string now = now_utc();
  for (const auto& a : assets) {
    insert.bind(1, run_id)
        .bind(2, a.kind)
        .bind(3, a.location)
        .bind(4, a.host)
        .bind(5, static_cast<int64_t>(a.port))
        .bind(6, a.engine)
        .bind(7, a.encoding)
        .bind(8, static_cast<int64_t>(a.bytes))
        .bind(9, static_cast<int64_t>(a.rows))
        .bind(10, nlohmann::json(a.counts).dump())
        .bind(11, a.category)
        .bind(12, a.sensitivity)
        .bind(13, a.skipped)
        .bind(14, now)
        .run();
  }
  tx.commit();
}

std::vector<DataAsset> Store::data_assets(int64_t run_id) {
  std::lock_guard lock(mutex_);
  auto stmt = db_.prepare(
      "SELECT kind, location, host, port, engine, encoding, bytes, rows, counts, category, "
      "sensitivity, skipped FROM data_assets WHERE run_id = ? ORDER BY id");
  stmt.bind(1, run_id);
  std::vector<DataAsset> result;
  while (stmt.step()) {
    DataAsset a;
    a.kind = stmt.column_text(0);
    a.location = stmt.column_text(1);
    a.host = stmt.column_text(2);
    a.port = static_cast<uint16_t>(stmt.column_int(3));
    a.engine = stmt.column_text(4);
    a.encoding = stmt.column_text(5);
    a.bytes = static_cast<uint64_t>(stmt.column_int(6));
    a.rows = static_cast<uint64_t>(stmt.column_int(7));
    auto counts = nlohmann::json::parse(stmt.column_text(8), nullptr, false);
    if (counts.is_object())
      for (const auto& [type, n] : counts.items())
        if (n.is_number_unsigned()) a.counts[type] = n.get<uint64_t>();
    a.category = stmt.column_text(9);
    a.sensitivity = stmt.column_text(10);
    a.skipped = stmt.column_text(11);
    result.push_back(std::move(a));
  }
  return result;
}

}  // namespace paicha::store
