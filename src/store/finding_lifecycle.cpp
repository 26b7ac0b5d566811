#include "store/finding_lifecycle.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <map>
#include <set>

#include "core/errors.h"
#include "core/i18n.h"

namespace paicha::store {

namespace {

using Endpoint = std::pair<std::string, int64_t>;

// An anonymous account is found by logging in with an empty user name before anything else,
// and that login is a session in which further checks (accounts, logging) run, although the
// finding's category is weak_access_control.
bool is_anonymous_login_rule(const std::string& rule) {
  return rule.ends_with(".anonymous_user");
}

// Findings whose checks run before any login, on every checked asset.
bool evaluated_without_session(const std::string& category, const std::string& rule) {
  return category == "unauthorized_access" || category == "weak_password" ||
         category == "vulnerable_version" || is_anonymous_login_rule(rule);
}

// A finding of these kinds proves that the run got a session on the service.
bool proves_session(const std::string& category, const std::string& rule) {
  return category == "unauthorized_access" || category == "weak_password" ||
         is_anonymous_login_rule(rule);
}

constexpr std::string_view kTrackedColumns =
    "SELECT fingerprint, rule, category, severity, host, port, service, title, evidence, "
    "remediation, status, unverified, first_seen_run, first_seen_at, last_seen_run, "
    "last_seen_at, last_checked_run, last_checked_at, fixed_run, coalesce(fixed_at, ''), owner, "
    "department, due, measure, accept_reason, accept_until, notes FROM tracked_findings ";

TrackedFinding read_tracked(const Statement& s) {
  TrackedFinding t;
  t.id = s.column_text(0);
  t.rule = s.column_text(1);
  t.category = s.column_text(2);
  t.severity = parse_severity(s.column_text(3)).value_or(Severity::info);
  t.host = s.column_text(4);
  t.port = static_cast<uint16_t>(s.column_int(5));
  t.service = s.column_text(6);
  t.title = s.column_text(7);
  t.evidence = s.column_text(8);
  t.remediation = s.column_text(9);
  t.status = s.column_text(10);
  t.unverified = s.column_int(11) != 0;
  t.first_seen_run = s.column_int(12);
  t.first_seen_at = s.column_text(13);
  t.last_seen_run = s.column_int(14);
  t.last_seen_at = s.column_text(15);
  t.last_checked_run = s.column_int(16);
  t.last_checked_at = s.column_text(17);
  if (!s.column_is_null(18)) t.fixed_run = s.column_int(18);
  t.fixed_at = s.column_text(19);
  t.owner = s.column_text(20);
  t.department = s.column_text(21);
  t.due = s.column_text(22);
  t.measure = s.column_text(23);
  t.accept_reason = s.column_text(24);
  t.accept_until = s.column_text(25);
  t.notes = s.column_text(26);
  return t;
}

bool is_hex(const std::string& text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

struct CheckedAsset {
  std::string service;
  bool guess = false, failed = false, session = false;
  bool versioned = false;  // identification read the version (vulnerable_version needs it)
};

}  // namespace

bool TrackedFinding::is_open() const {
  return status == "new" || status == "open" || status == "reopened";
}

bool TrackedFinding::is_overdue(const std::string& today) const {
  return is_open() && !due.empty() && due < today;
}

std::string today_utc() {
  return now_utc().substr(0, 10);
}

std::string checked_date(const std::string& text, const std::string& what) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%Y-%m-%d", &tm);
  // strptime takes 2026-02-30; normalising through timegm() shows it is no real day.
  std::tm normal = tm;
  const bool parsed = text.size() == 10 && end && *end == '\0';
  if (parsed) timegm(&normal);
  if (!parsed || normal.tm_mday != tm.tm_mday || normal.tm_mon != tm.tm_mon)
    throw UsageError(fmt::format("{} {} \"{}\" {}", what, tr("的日期", "date"), text,
                                 tr("无效，应为 YYYY-MM-DD", "is invalid; use YYYY-MM-DD")));
  return text;
}

std::string current_actor() {
  for (const char* name : {"PAICHA_ACTOR", "USER"})
    if (const char* value = std::getenv(name); value && *value) return value;
  return "paicha";
}

void FindingLifecycle::record_event(const std::string& id, const std::string& action,
                                    const std::string& from, const std::string& to,
                                    std::optional<int64_t> run, const std::string& detail) {
  auto insert = db_.prepare(
      "INSERT INTO finding_events(fingerprint, at, actor, action, old_status, new_status, run_id, "
      "detail) VALUES(?,?,?,?,?,?,?,?)");
  insert.bind(1, id).bind(2, now_utc()).bind(3, current_actor()).bind(4, action).bind(5, from);
  insert.bind(6, to).bind(8, detail);
  if (run)
    insert.bind(7, *run);
  else
    insert.bind_null(7);
  insert.run();
}

ClassifySummary FindingLifecycle::classify_run(int64_t run_id) {
  ClassifySummary summary;
  Transaction tx(db_);
  {
    auto done = db_.prepare("SELECT classified_at IS NOT NULL FROM runs WHERE id = ?");
    done.bind(1, run_id);
    if (!done.step() || done.column_int(0) != 0) return summary;
  }
  const std::string now = now_utc(), today = today_utc();

  std::map<Endpoint, CheckedAsset> checked;
  {
    auto s = db_.prepare(
        "SELECT host, port, service, coalesce(check_login, 0), coalesce(check_guess, 0), "
        "coalesce(check_failed, 0), version <> '' FROM assets WHERE run_id = ? AND checked_at IS "
        "NOT "
        "NULL");
    s.bind(1, run_id);
    while (s.step())
      checked[{s.column_text(0), s.column_int(1)}] = {s.column_text(2), s.column_int(4) != 0,
                                                      s.column_int(5) != 0, s.column_int(3) != 0,
                                                      s.column_int(6) != 0};
  }
  // Endpoints whose databases this run sampled for personal data (audit --pii).
  std::set<Endpoint> sampled;
  {
    auto s = db_.prepare("SELECT DISTINCT host, port FROM data_assets WHERE run_id = ?");
    s.bind(1, run_id);
    while (s.step()) sampled.insert({s.column_text(0), s.column_int(1)});
  }
  struct Seen {
    std::string fingerprint, rule, category, severity, host, service, title, evidence, key,
        remediation, refs;
    int64_t port = 0;
  };
  std::vector<Seen> seen;
  {
    auto s = db_.prepare(
        "SELECT fingerprint, rule, category, severity, host, port, service, title, evidence, "
        "evidence_key, remediation, refs FROM findings WHERE run_id = ? ORDER BY id");
    s.bind(1, run_id);
    while (s.step()) {
      Seen f{s.column_text(0), s.column_text(1),  s.column_text(2),  s.column_text(3),
             s.column_text(4), s.column_text(6),  s.column_text(7),  s.column_text(8),
             s.column_text(9), s.column_text(10), s.column_text(11), s.column_int(5)};
      if (proves_session(f.category, f.rule)) checked[{f.host, f.port}].session = true;
      seen.push_back(std::move(f));
    }
  }

  std::set<std::string> seen_ids;
  for (const auto& f : seen) {
    seen_ids.insert(f.fingerprint);
    const bool session = checked[{f.host, f.port}].session;
    auto current =
        db_.prepare("SELECT status, accept_until FROM tracked_findings WHERE fingerprint = ?");
    current.bind(1, f.fingerprint);
    if (!current.step()) {
      db_.prepare(
             "INSERT INTO tracked_findings(fingerprint, rule, category, severity, host, port, "
             "service, title, evidence, evidence_key, remediation, refs, status, "
             "seen_with_access, first_seen_run, first_seen_at, last_seen_run, last_seen_at, "
             "last_checked_run, last_checked_at) "
             "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,'new',?,?,?,?,?,?,?)")
          .bind(1, f.fingerprint)
          .bind(2, f.rule)
          .bind(3, f.category)
          .bind(4, f.severity)
          .bind(5, f.host)
          .bind(6, f.port)
          .bind(7, f.service)
          .bind(8, f.title)
          .bind(9, f.evidence)
          .bind(10, f.key)
          .bind(11, f.remediation)
          .bind(12, f.refs)
          .bind(13, int64_t{session})
          .bind(14, run_id)
          .bind(15, now)
          .bind(16, run_id)
          .bind(17, now)
          .bind(18, run_id)
          .bind(19, now)
          .run();
      record_event(f.fingerprint, "detected", "", "new", run_id, f.evidence);
      ++summary.new_count;
      continue;
    }
    const std::string old_status = current.column_text(0), until = current.column_text(1);
    std::string status = "open";
    if (old_status == "fixed") status = "reopened";
    if (old_status == "accepted" && !(until < today)) status = "accepted";
    db_.prepare(
           "UPDATE tracked_findings SET severity = ?, title = ?, evidence = ?, remediation = ?, "
           "refs = ?, status = ?, unverified = 0, seen_with_access = ?, last_seen_run = ?, "
           "last_seen_at = ?, last_checked_run = ?, last_checked_at = ?, fixed_run = CASE WHEN "
           "? = 'reopened' THEN NULL ELSE fixed_run END, fixed_at = CASE WHEN ? = 'reopened' "
           "THEN NULL ELSE fixed_at END WHERE fingerprint = ?")
        .bind(1, f.severity)
        .bind(2, f.title)
        .bind(3, f.evidence)
        .bind(4, f.remediation)
        .bind(5, f.refs)
        .bind(6, status)
        .bind(7, int64_t{session})
        .bind(8, run_id)
        .bind(9, now)
        .bind(10, run_id)
        .bind(11, now)
        .bind(12, status)
        .bind(13, status)
        .bind(14, f.fingerprint)
        .run();
    if (status != old_status)
      record_event(f.fingerprint, status == "reopened" ? "reopened" : "seen", old_status, status,
                   run_id, f.evidence);
    if (status == "reopened")
      ++summary.reopened;
    else
      ++summary.open;
  }

  // Tracked problems this run did not reproduce: fixed only where it really looked.
  struct Candidate {
    std::string fingerprint, category, status, service, host;
    int64_t port = 0;
    bool seen_with_access = false, unverified = false;
    std::string rule;
  };
  std::vector<Candidate> candidates;
  {
    auto s = db_.prepare(
        "SELECT fingerprint, category, status, service, host, port, seen_with_access, unverified, "
        "rule FROM tracked_findings WHERE status IN ('new', 'open', 'reopened', 'accepted')");
    while (s.step())
      candidates.push_back({s.column_text(0), s.column_text(1), s.column_text(2), s.column_text(3),
                            s.column_text(4), s.column_int(5), s.column_int(6) != 0,
                            s.column_int(7) != 0, s.column_text(8)});
  }
  for (const auto& c : candidates) {
    if (seen_ids.count(c.fingerprint)) continue;
    auto where = checked.find({c.host, c.port});
    bool evaluated = where != checked.end();
    if (evaluated) {
      const CheckedAsset& a = where->second;
      evaluated =
          a.service == c.service && !a.failed && (c.category != "weak_password" || a.guess) &&
          (c.category != "vulnerable_version" || a.versioned) &&
          (c.category != "pii_exposure" || sampled.count({c.host, c.port})) &&
          (evaluated_without_session(c.category, c.rule) || !c.seen_with_access || a.session);
    }
    if (evaluated) {
      db_.prepare(
             "UPDATE tracked_findings SET status = 'fixed', unverified = 0, fixed_run = ?, "
             "fixed_at = ?, last_checked_run = ?, last_checked_at = ? WHERE fingerprint = ?")
          .bind(1, run_id)
          .bind(2, now)
          .bind(3, run_id)
          .bind(4, now)
          .bind(5, c.fingerprint)
          .run();
      record_event(c.fingerprint, "fixed", c.status, "fixed", run_id, "");
      ++summary.fixed;
    } else {
      db_.prepare("UPDATE tracked_findings SET unverified = 1 WHERE fingerprint = ?")
          .bind(1, c.fingerprint)
          .run();
      if (!c.unverified)
        record_event(c.fingerprint, "unverified", c.status, c.status, run_id,
                     where == checked.end() ? "asset not checked" : "check not evaluated");
      ++summary.unverified;
    }
  }
  db_.prepare("UPDATE runs SET classified_at = ? WHERE id = ?").bind(1, now).bind(2, run_id).run();
  tx.commit();
  expire_acceptances();
  return summary;
}

void FindingLifecycle::expire_acceptances() {
  Transaction tx(db_);
  std::vector<std::string> expired;
  {
    auto s = db_.prepare(
        "SELECT fingerprint FROM tracked_findings WHERE status = 'accepted' AND accept_until < ?");
    s.bind(1, today_utc());
    while (s.step()) expired.push_back(s.column_text(0));
  }
  for (const auto& id : expired) {
    db_.prepare("UPDATE tracked_findings SET status = 'open' WHERE fingerprint = ?")
        .bind(1, id)
        .run();
    record_event(id, "accept_expired", "accepted", "open", std::nullopt, "");
  }
  tx.commit();
}

std::vector<TrackedFinding> FindingLifecycle::list(const FindingFilter& filter) {
  std::set<std::string> in_run;
  if (filter.run) {
    auto s = db_.prepare("SELECT fingerprint FROM findings WHERE run_id = ?");
    s.bind(1, *filter.run);
    while (s.step()) in_run.insert(s.column_text(0));
  }
  const std::string today = today_utc();
  auto any_of = [](const std::vector<std::string>& set, const std::string& value) {
    return set.empty() || std::find(set.begin(), set.end(), value) != set.end();
  };
  std::vector<TrackedFinding> result;
  auto s = db_.prepare(std::string(kTrackedColumns) + "ORDER BY first_seen_run, host, port, rule");
  while (s.step()) {
    TrackedFinding t = read_tracked(s);
    if (!any_of(filter.statuses, t.status) || !any_of(filter.categories, t.category)) continue;
    if (filter.min_severity && t.severity < *filter.min_severity) continue;
    if (!filter.owner.empty() && t.owner != filter.owner && t.department != filter.owner) continue;
    if (filter.overdue && !t.is_overdue(today)) continue;
    if (!filter.asset.empty() && filter.asset != t.host &&
        filter.asset != fmt::format("{}:{}", t.host, t.port))
      continue;
    if (filter.run && !in_run.count(t.id)) continue;
    result.push_back(std::move(t));
  }
  std::stable_sort(result.begin(), result.end(),
                   [](const auto& a, const auto& b) { return a.severity > b.severity; });
  return result;
}

TrackedFinding FindingLifecycle::get(const std::string& id_or_prefix) {
  std::string prefix = id_or_prefix;
  std::transform(prefix.begin(), prefix.end(), prefix.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (prefix.size() < 4 || !is_hex(prefix))
    throw UsageError(fmt::format("{} \"{}\"{}", tr("无效的问题编号", "invalid finding id"),
                                 id_or_prefix,
                                 tr("：应为至少 4 位十六进制", ": give at least 4 hex digits")));
  auto s = db_.prepare(std::string(kTrackedColumns) + "WHERE substr(fingerprint, 1, ?) = ?");
  s.bind(1, static_cast<int64_t>(prefix.size())).bind(2, prefix);
  std::vector<TrackedFinding> found;
  while (s.step()) found.push_back(read_tracked(s));
  if (found.empty())
    throw UsageError(
        fmt::format("{} {}", tr("没有这个问题编号：", "no such finding:"), id_or_prefix));
  if (found.size() > 1)
    throw UsageError(fmt::format("{} {} ({} {})", tr("问题编号不唯一：", "ambiguous finding id:"),
                                 id_or_prefix, found.size(), tr("个匹配", "matches")));
  return found.front();
}

std::vector<FindingEvent> FindingLifecycle::history(const std::string& id) {
  auto s = db_.prepare(
      "SELECT at, actor, action, old_status, new_status, detail, run_id FROM finding_events "
      "WHERE fingerprint = ? ORDER BY id");
  s.bind(1, id);
  std::vector<FindingEvent> events;
  while (s.step()) {
    FindingEvent e{s.column_text(0), s.column_text(1), s.column_text(2), s.column_text(3),
                   s.column_text(4), s.column_text(5), std::nullopt};
    if (!s.column_is_null(6)) e.run_id = s.column_int(6);
    events.push_back(std::move(e));
  }
  return events;
}

void FindingLifecycle::accept(const std::string& id, const std::string& reason,
                              const std::string& until) {
  const TrackedFinding t = get(id);
  if (reason.empty())
    throw UsageError(
        std::string(tr("接受风险必须给出 --reason", "accepting a risk needs --reason")));
  checked_date(until, "--until");
  Transaction tx(db_);
  db_.prepare(
         "UPDATE tracked_findings SET status = 'accepted', accept_reason = ?, accept_until = ? "
         "WHERE fingerprint = ?")
      .bind(1, reason)
      .bind(2, until)
      .bind(3, t.id)
      .run();
  record_event(t.id, "accept", t.status, "accepted", std::nullopt,
               fmt::format("{} ({} {})", reason, tr("至", "until"), until));
  tx.commit();
}

void FindingLifecycle::assign(const std::string& id, const std::optional<std::string>& owner,
                              const std::optional<std::string>& department,
                              const std::optional<std::string>& due,
                              const std::optional<std::string>& measure) {
  const TrackedFinding t = get(id);
  if (due && !due->empty()) checked_date(*due, "--due");
  Transaction tx(db_);
  auto set = [&](const char* column, const std::optional<std::string>& value,
                 const std::string& old) {
    if (!value) return;
    db_.prepare(fmt::format("UPDATE tracked_findings SET {} = ? WHERE fingerprint = ?", column))
        .bind(1, *value)
        .bind(2, t.id)
        .run();
    record_event(t.id, fmt::format("set {}", column), t.status, t.status, std::nullopt,
                 fmt::format("{} → {}", old, *value));
  };
  set("owner", owner, t.owner);
  set("department", department, t.department);
  set("due", due, t.due);
  set("measure", measure, t.measure);
  tx.commit();
}

void FindingLifecycle::add_note(const std::string& id, const std::string& note) {
  const TrackedFinding t = get(id);
  if (note.empty()) throw UsageError(std::string(tr("备注不能为空", "the note is empty")));
  Transaction tx(db_);
  db_.prepare(
         "UPDATE tracked_findings SET notes = CASE WHEN notes = '' THEN ? ELSE notes || char(10) "
         "|| ? END WHERE fingerprint = ?")
      .bind(1, note)
      .bind(2, note)
      .bind(3, t.id)
      .run();
  record_event(t.id, "note", t.status, t.status, std::nullopt, note);
  tx.commit();
}

void FindingLifecycle::reopen_accepted(const std::string& id) {
  const TrackedFinding t = get(id);
  if (t.status != "accepted")
    throw UsageError(fmt::format("{} {} {}", tr("问题", "finding"), t.id,
                                 tr("不是已接受的风险", "is not an accepted risk")));
  Transaction tx(db_);
  db_.prepare("UPDATE tracked_findings SET status = 'open' WHERE fingerprint = ?")
      .bind(1, t.id)
      .run();
  record_event(t.id, "unaccept", "accepted", "open", std::nullopt, "");
  tx.commit();
}

std::vector<TrackedFinding> FindingLifecycle::open_in_run(int64_t run_id) {
  FindingFilter filter;
  filter.run = run_id;
  std::vector<TrackedFinding> result = list(filter);
  std::erase_if(result, [](const TrackedFinding& t) { return !t.is_open(); });
  return result;
}

std::vector<std::pair<std::string, std::string>> FindingLifecycle::changes_in_run(int64_t run_id) {
  auto s = db_.prepare(
      "SELECT fingerprint, new_status FROM finding_events WHERE run_id = ? AND old_status <> "
      "new_status ORDER BY id");
  s.bind(1, run_id);
  std::vector<std::pair<std::string, std::string>> result;
  while (s.step()) result.emplace_back(s.column_text(0), s.column_text(1));
  return result;
}

bool any_open_at_or_above(const std::vector<TrackedFinding>& findings, Severity threshold) {
  return std::any_of(findings.begin(), findings.end(), [&](const TrackedFinding& t) {
    return t.is_open() && t.severity >= threshold;
  });
}

}  // namespace paicha::store
