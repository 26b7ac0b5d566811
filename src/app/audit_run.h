#pragma once
// The check phase of an audit as a reusable run: `audit` runs it after discovery of the
// targets, `verify` after identifying exactly the endpoints of the open findings. Both end by
// classifying the run's findings in the rectification loop (store/finding_lifecycle.h).
#include <string>
#include <vector>

#include "app/cli.h"
#include "app/scan_run.h"
#include "report/run_document.h"
#include "store/finding_lifecycle.h"
#include "store/store.h"

namespace paicha::app {

struct AuditOptions {
  std::string creds_file;
  std::string dict_file;
  int max_attempts = 5;
  int pace_ms = 20;
  int guess_concurrency = 4;
  std::vector<std::string> unit_abbreviations;
  std::vector<std::string> users;  // replaces each service's default accounts when given
  bool no_guess = false;
  int check_timeout_ms = 3000;

  std::string to_json() const;
  static AuditOptions from_json(const std::string& text);
};

struct AuditRun {
  ScanRunResult scan;
  report::RunDocument document;  // assets, findings and notes of the whole run
  bool interrupted = false;
  store::ClassifySummary lifecycle;  // empty when interrupted (classified when resumed)
};

// Discovery (or --resume of it), then the checks of every asset not yet checked, then the
// classification. `audit` holds the check options; on --resume the run's own are used.
// `classify` false leaves the classification to the caller (audit --pii adds findings first).
AuditRun run_audit(const std::string& kind, ScanArgs scan, const AuditOptions& audit,
                   store::Store& store, const GlobalOptions& global, bool classify = true);

// Exit-status helper for --fail-on: true when `threshold` is set and any open tracked finding
// of the run is at or above it (accepted risks and fixed problems do not count).
bool open_findings_at(store::Store& store, int64_t run_id, const std::string& threshold);

// One line on stderr: how many problems are new, still open, fixed, back, not re-checked.
void print_lifecycle_summary(const store::ClassifySummary& summary);

}  // namespace paicha::app
