#pragma once
// The rectification loop (整改闭环): one tracked row per problem across runs, keyed by the
// finding's stable fingerprint, with its status, owner, deadline, accepted risk and history.
//
// Statuses: new (first seen in the latest run that saw it), open (seen again), fixed (checked
// again and not reproduced), reopened (fixed before, back now), accepted (a risk the unit
// accepted until a date; it counts as open again once the date has passed).
//
// When is a finding that a run did not reproduce "fixed"? Only when that run really evaluated
// the check behind it on that asset. Check modules do not say which rules they evaluated, so
// the store keeps the conditions each asset was checked under (Store::record_check_conditions)
// and applies conservative conditions; otherwise the finding stays open and is flagged
// `unverified`:
//  - the asset was checked in the run, as the same service, and its check module did not fail;
//  - weak_password: password guessing was on;
//  - vulnerable_version: identification read the version this time (a password set since may
//    hide it, and an unknown version proves nothing);
//  - pii_exposure: the run sampled that endpoint's databases (audit --pii);
//  - categories other than unauthorized_access, weak_password and vulnerable_version need a
//    session on the service when they were last seen with one (configuration, accounts, audit
//    settings are read after logging in). The run must then have had one too: a --creds login,
//    or a finding of its own proving that it got in (unauthorized_access or weak_password).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/severity.h"
#include "store/store.h"

namespace paicha::store {

struct TrackedFinding {
  std::string id;  // the fingerprint
  std::string rule, category;
  Severity severity = Severity::info;
  std::string host;
  uint16_t port = 0;
  std::string service, title, evidence, remediation;
  std::string status;
  bool unverified = false;
  int64_t first_seen_run = 0, last_seen_run = 0, last_checked_run = 0;
  std::string first_seen_at, last_seen_at, last_checked_at;
  std::optional<int64_t> fixed_run;
  std::string fixed_at;
  std::string owner, department, due, measure, accept_reason, accept_until, notes;

  // new, open or reopened: a problem still to fix (accepted and fixed ones are not).
  bool is_open() const;
  // Open with a deadline (YYYY-MM-DD) before `today`.
  bool is_overdue(const std::string& today) const;
};

struct FindingEvent {
  std::string at, actor, action, old_status, new_status, detail;
  std::optional<int64_t> run_id;
};

struct FindingFilter {
  std::vector<std::string> statuses;  // any of; empty: all
  std::vector<std::string> categories;
  std::optional<Severity> min_severity;
  std::string owner;  // matches owner or department
  bool overdue = false;
  std::string asset;           // "host" or "host:port"
  std::optional<int64_t> run;  // seen in this run
};

struct ClassifySummary {
  int new_count = 0, open = 0, fixed = 0, reopened = 0, unverified = 0;
};

// Today's date (UTC) as YYYY-MM-DD.
std::string today_utc();
// Checks a YYYY-MM-DD date; throws UsageError naming `what` and the text when it is not one.
std::string checked_date(const std::string& text, const std::string& what);
// $PAICHA_ACTOR, else $USER, else "paicha".
std::string current_actor();

class FindingLifecycle {
 public:
  explicit FindingLifecycle(Store& store) : db_(store.database()) {}

  // Classifies the findings of a finished run against the tracked ones, once per run (a second
  // call does nothing), in one transaction.
  ClassifySummary classify_run(int64_t run_id);
  // Accepted risks whose date has passed become open again (with an event).
  void expire_acceptances();

  std::vector<TrackedFinding> list(const FindingFilter& filter);
  // A fingerprint or a unique prefix of at least 4 characters; UsageError naming the id when
  // none or several match.
  TrackedFinding get(const std::string& id_or_prefix);
  std::vector<FindingEvent> history(const std::string& id);

  void accept(const std::string& id, const std::string& reason, const std::string& until);
  void assign(const std::string& id, const std::optional<std::string>& owner,
              const std::optional<std::string>& department, const std::optional<std::string>& due,
              const std::optional<std::string>& measure);
  void add_note(const std::string& id, const std::string& note);
  // Ends an acceptance early: back to open.
  void reopen_accepted(const std::string& id);

  // Fingerprints of the open findings (see TrackedFinding::is_open) of one run.
  std::vector<TrackedFinding> open_in_run(int64_t run_id);
  // Status changes recorded by one run: (fingerprint, new status).
  std::vector<std::pair<std::string, std::string>> changes_in_run(int64_t run_id);

 private:
  void record_event(const std::string& id, const std::string& action, const std::string& from,
                    const std::string& to, std::optional<int64_t> run, const std::string& detail);
  Database& db_;
};

// True when any of `findings` is open at or above `threshold`.
bool any_open_at_or_above(const std::vector<TrackedFinding>& findings, Severity threshold);

}  // namespace paicha::store
