#pragma once
// The embedded store: runs and their assets (later findings and data assets). One Store per
// process; its methods are thread-safe (SQLite serialized mode plus an internal mutex).
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/asset.h"
#include "core/finding.h"
#include "store/data_asset.h"
#include "store/sqlite.h"

namespace paicha::store {

struct RunRecord {
  int64_t id = 0;
  std::string kind;
  std::string status;
  std::string started_at;
  std::string finished_at;
  std::string tool_version;
  std::string params;      // JSON text
  std::string checkpoint;  // JSON text, may be empty
};

// UTC, ISO 8601 with seconds: "2026-11-21T04:22:28Z".
std::string now_utc();

class Store {
 public:
  explicit Store(const std::string& path);  // opens/creates and migrates

  int64_t begin_run(const std::string& kind, const std::string& params_json);
  void set_checkpoint(int64_t run_id, const std::string& checkpoint_json);
  void finish_run(int64_t run_id, const std::string& status);
  void reopen_run(int64_t run_id);  // for --resume: status back to running
  std::optional<RunRecord> run(int64_t run_id);
  std::optional<RunRecord> latest_run(const std::string& kind, const std::string& status = "");
  std::vector<RunRecord> runs(size_t limit = 50);

  // Inserts or updates (run, host, port). Batched callers wrap many in one transaction.
  void upsert_assets(int64_t run_id, const std::vector<Asset>& assets);
  std::vector<Asset> assets(int64_t run_id);

  // Findings of a run, with everything needed to show them later in any language-independent
  // form (title and remediation as made). Replaces the findings of the given assets, so a
  // re-checked asset never keeps stale findings.
  void record_checked_asset(int64_t run_id, const Asset& asset,
                            const std::vector<Finding>& findings,
                            const std::vector<std::string>& notes);
  std::vector<Finding> findings(int64_t run_id);
  // Under which conditions the asset was checked (finding_lifecycle.h: a finding is fixed only
  // where its check really ran). Call before record_checked_asset().
  void record_check_conditions(int64_t run_id, const Asset& asset, bool login, bool guess,
                               bool failed);
  // Assets of the run not yet checked (for --resume of an audit).
  std::vector<Asset> unchecked_assets(int64_t run_id);
  std::vector<std::pair<std::string, std::string>> notes(int64_t run_id);  // ("host:port", msg)

  void record_data_assets(int64_t run_id, const std::vector<DataAsset>& assets);
  std::vector<DataAsset> data_assets(int64_t run_id);

  Database& database() { return db_; }

 private:
  std::mutex mutex_;
  Database db_;
};

}  // namespace paicha::store
