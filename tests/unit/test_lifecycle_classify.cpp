// The rectification loop's classification: new → open → fixed → reopened, and the conditions
// under which a finding that a run did not reproduce may be called fixed.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "core/errors.h"
#include "store/finding_lifecycle.h"
#include "store/run_diff.h"

namespace paicha::store {

namespace {

std::string temp_db(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("paicha-lifecycle-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove_all(dir);
  return (dir / "paicha.db").string();
}

Finding finding(const std::string& rule, const std::string& category, Severity severity,
                uint16_t port = 6379, const std::string& service = "redis") {
  Finding f;
  f.rule = rule;
  f.category = category;
  f.severity = severity;
  f.host = "127.0.0.1";
  f.port = port;
  f.service = service;
  f.title = rule + " title";
  f.evidence = "evidence of " + rule;
  f.remediation = "fix " + rule;
  return f;
}

const Finding kUnauth =
    finding("redis.unauthorized_access", "unauthorized_access", Severity::critical);
const Finding kNoAudit = finding("redis.no_audit", "missing_audit", Severity::medium);
const Finding kWeak = finding("redis.weak_password", "weak_password", Severity::high);

struct Conditions {
  bool checked = true, login = false, guess = true, failed = false;
  std::string service = "redis";
  std::string version = "7.0.15";
  bool sampled = false;  // audit --pii sampled the asset's databases
};

class Lifecycle : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = std::make_unique<Store>(
        temp_db(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    life_ = std::make_unique<FindingLifecycle>(*store_);
  }
  // One finished audit run of the Redis asset 127.0.0.1:6379, classified.
  int64_t audit(const std::vector<Finding>& findings, Conditions c = {}) {
    const int64_t run = store_->begin_run("audit", "{}");
    Asset a;
    a.host = "127.0.0.1";
    a.port = 6379;
    a.service = c.service;
    a.version = c.version;
    store_->upsert_assets(run, {a});
    if (c.sampled) {
      DataAsset table;
      table.kind = "table";
      table.location = "redis://127.0.0.1:6379/0";
      table.host = a.host;
      table.port = a.port;
      table.category = "personal";
      store_->record_data_assets(run, {table});
    }
    if (c.checked) {
      store_->record_check_conditions(run, a, c.login, c.guess, c.failed);
      store_->record_checked_asset(run, a, findings, {});
    }
    store_->finish_run(run, "done");
    last_summary_ = life_->classify_run(run);
    return run;
  }
  // The same for a MariaDB asset 127.0.0.1:3306 (checked, no --creds).
  void audit_mysql(const std::vector<Finding>& findings) {
    const int64_t run = store_->begin_run("audit", "{}");
    Asset a;
    a.host = "127.0.0.1";
    a.port = 3306;
    a.service = "mysql";
    a.version = "10.11.6";
    store_->upsert_assets(run, {a});
    store_->record_check_conditions(run, a, false, true, false);
    store_->record_checked_asset(run, a, findings, {});
    store_->finish_run(run, "done");
    life_->classify_run(run);
  }
  TrackedFinding tracked(const Finding& f) { return life_->get(f.fingerprint()); }

  std::unique_ptr<Store> store_;
  std::unique_ptr<FindingLifecycle> life_;
  ClassifySummary last_summary_;
};

}  // namespace

TEST_F(Lifecycle, NewOpenFixedReopenedWithHistory) {
  audit({kUnauth});
  EXPECT_EQ(tracked(kUnauth).status, "new");
  EXPECT_EQ(last_summary_.new_count, 1);
  audit({kUnauth});
  EXPECT_EQ(tracked(kUnauth).status, "open");
  const int64_t fixing_run = audit({});
  const TrackedFinding fixed = tracked(kUnauth);
  EXPECT_EQ(fixed.status, "fixed");
  EXPECT_EQ(fixed.fixed_run, fixing_run);
  EXPECT_FALSE(fixed.fixed_at.empty());
  audit({kUnauth});
  const TrackedFinding back = tracked(kUnauth);
  EXPECT_EQ(back.status, "reopened");
  EXPECT_TRUE(back.fixed_at.empty());
  EXPECT_EQ(last_summary_.reopened, 1);
  std::vector<std::string> actions;
  for (const auto& e : life_->history(kUnauth.fingerprint())) actions.push_back(e.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"detected", "seen", "fixed", "reopened"}));
}

TEST_F(Lifecycle, ClassifiesEachRunOnlyOnce) {
  const int64_t run = audit({kUnauth});
  EXPECT_EQ(life_->classify_run(run).new_count, 0);
  EXPECT_EQ(life_->history(kUnauth.fingerprint()).size(), 1u);
  EXPECT_EQ(tracked(kUnauth).status, "new");
}

TEST_F(Lifecycle, AssetNotCheckedStaysOpenAndUnverified) {
  audit({kUnauth});
  audit({}, {.checked = false});
  const TrackedFinding t = tracked(kUnauth);
  EXPECT_EQ(t.status, "new");
  EXPECT_TRUE(t.is_open());
  EXPECT_TRUE(t.unverified);
  audit({kUnauth});
  EXPECT_FALSE(tracked(kUnauth).unverified);
}

TEST_F(Lifecycle, FailedCheckOrOtherServiceNeverFixes) {
  audit({kUnauth});
  audit({}, {.failed = true});
  EXPECT_EQ(tracked(kUnauth).status, "new");
  EXPECT_TRUE(tracked(kUnauth).unverified);
  audit({}, {.service = "http"});
  EXPECT_EQ(tracked(kUnauth).status, "new");
  audit({});
  EXPECT_EQ(tracked(kUnauth).status, "fixed");
}

TEST_F(Lifecycle, WeakPasswordIsFixedOnlyWhenGuessingRan) {
  audit({kWeak});
  audit({}, {.guess = false});
  EXPECT_EQ(tracked(kWeak).status, "new");
  EXPECT_TRUE(tracked(kWeak).unverified);
  audit({}, {.guess = true});
  EXPECT_EQ(tracked(kWeak).status, "fixed");
}

TEST_F(Lifecycle, SessionDependentFindingNeedsASessionToBeFixed) {
  // Found while the server was open: the audit setting was read through that session.
  audit({kUnauth, kNoAudit});
  audit({});  // the password is set now: no session, so the audit setting was not read
  EXPECT_EQ(tracked(kUnauth).status, "fixed");
  EXPECT_EQ(tracked(kNoAudit).status, "new");
  EXPECT_TRUE(tracked(kNoAudit).unverified);
  audit({}, {.login = true});  // with a --creds login it was read, and is gone
  EXPECT_EQ(tracked(kNoAudit).status, "fixed");
}

TEST_F(Lifecycle, AnAnonymousLoginIsASessionAndIsFixedWithoutOne) {
  // MariaDB with ''@'%': the anonymous login itself is found before any session, and the
  // remote-root account was read through it.
  const Finding anonymous =
      finding("mysql.anonymous_user", "weak_access_control", Severity::high, 3306, "mysql");
  const Finding remote_root =
      finding("mysql.remote_root", "weak_access_control", Severity::high, 3306, "mysql");
  audit_mysql({anonymous, remote_root});
  audit_mysql({});  // the anonymous user was dropped: no session any more
  EXPECT_EQ(tracked(anonymous).status, "fixed");
  EXPECT_EQ(tracked(remote_root).status, "new");  // not re-read, so not proved fixed
  EXPECT_TRUE(tracked(remote_root).unverified);
}

TEST_F(Lifecycle, VulnerableVersionIsFixedOnlyWhenTheVersionWasRead) {
  const Finding cve = finding("vuln.known_cve", "vulnerable_version", Severity::high);
  audit({cve});
  audit({}, {.version = ""});  // a password now hides INFO: the version is unknown
  EXPECT_EQ(tracked(cve).status, "new");
  EXPECT_TRUE(tracked(cve).unverified);
  audit({}, {.version = "7.2.9"});
  EXPECT_EQ(tracked(cve).status, "fixed");
}

TEST_F(Lifecycle, PersonalDataIsFixedOnlyWhenTheRunSampledTheDatabases) {
  const Finding pii = finding("pii.exposed_personal_data", "pii_exposure", Severity::high);
  audit({pii}, {.sampled = true});
  audit({});  // an audit without --pii did not look at the data
  EXPECT_EQ(tracked(pii).status, "new");
  EXPECT_TRUE(tracked(pii).unverified);
  audit({}, {.sampled = true});
  EXPECT_EQ(tracked(pii).status, "fixed");
}

TEST_F(Lifecycle, FindingSeenWithoutSessionIsFixedWithoutOne) {
  audit({kNoAudit});
  audit({});
  EXPECT_EQ(tracked(kNoAudit).status, "fixed");
}

TEST_F(Lifecycle, AcceptedRiskStaysAcceptedUntilItsDateThenOpens) {
  audit({kUnauth});
  life_->accept(kUnauth.fingerprint().substr(0, 6), "isolated network", "2999-12-31");
  audit({kUnauth});
  EXPECT_EQ(tracked(kUnauth).status, "accepted");
  EXPECT_FALSE(store::any_open_at_or_above({tracked(kUnauth)}, Severity::high));
  // An acceptance that has run out counts as open again.
  store_->database().exec("UPDATE tracked_findings SET accept_until = '2000-01-01'");
  life_->expire_acceptances();
  EXPECT_EQ(tracked(kUnauth).status, "open");
  EXPECT_TRUE(store::any_open_at_or_above({tracked(kUnauth)}, Severity::high));
  EXPECT_EQ(life_->history(kUnauth.fingerprint()).back().action, "accept_expired");
}

TEST_F(Lifecycle, AssignAndNotesAreRecordedWithActor) {
  audit({kUnauth});
  ::setenv("PAICHA_ACTOR", "auditor-7", 1);
  life_->assign(kUnauth.fingerprint(), std::string("张三"), std::string("信息中心"),
                std::string("2000-01-02"), std::nullopt);
  life_->add_note(kUnauth.fingerprint(), "已通知厂商");
  ::unsetenv("PAICHA_ACTOR");
  const TrackedFinding t = tracked(kUnauth);
  EXPECT_EQ(t.owner, "张三");
  EXPECT_EQ(t.department, "信息中心");
  EXPECT_TRUE(t.is_overdue("2026-01-01"));
  EXPECT_FALSE(t.is_overdue("2000-01-01"));
  EXPECT_EQ(t.notes, "已通知厂商");
  FindingFilter overdue;
  overdue.overdue = true;
  EXPECT_EQ(life_->list(overdue).size(), 1u);
  FindingFilter by_owner;
  by_owner.owner = "李四";
  EXPECT_TRUE(life_->list(by_owner).empty());
  const auto history = life_->history(t.id);
  EXPECT_EQ(history.back().actor, "auditor-7");
  EXPECT_EQ(history.back().action, "note");
}

TEST_F(Lifecycle, IdsResolveByUniquePrefixAndErrorsNameTheId) {
  audit({kUnauth, kNoAudit});
  EXPECT_EQ(life_->get(kUnauth.fingerprint().substr(0, 8)).rule, "redis.unauthorized_access");
  try {
    life_->get("ffffffff");
    FAIL() << "unknown id accepted";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("ffffffff"), std::string::npos);
  }
  EXPECT_THROW(life_->get("ab"), UsageError);
  EXPECT_THROW(life_->get("zzzz"), UsageError);
  EXPECT_THROW(life_->accept(kUnauth.fingerprint(), "r", "2026-13-45"), UsageError);
  EXPECT_THROW(life_->accept(kUnauth.fingerprint(), "r", "2026-02-30"), UsageError);
  EXPECT_NO_THROW(life_->accept(kUnauth.fingerprint(), "r", "2028-02-29"));
  EXPECT_THROW(life_->assign(kUnauth.fingerprint(), std::nullopt, std::nullopt,
                             std::string("tomorrow"), std::nullopt),
               UsageError);
}

TEST_F(Lifecycle, FiltersByStatusSeverityAssetAndRun) {
  const int64_t first = audit({kUnauth, kNoAudit});
  audit({kUnauth});
  FindingFilter fixed;
  fixed.statuses = {"fixed"};
  ASSERT_EQ(life_->list(fixed).size(), 1u);
  EXPECT_EQ(life_->list(fixed)[0].rule, "redis.no_audit");
  FindingFilter severe;
  severe.min_severity = Severity::high;
  ASSERT_EQ(life_->list(severe).size(), 1u);
  FindingFilter other_asset;
  other_asset.asset = "127.0.0.1:6380";
  EXPECT_TRUE(life_->list(other_asset).empty());
  other_asset.asset = "127.0.0.1";
  EXPECT_EQ(life_->list(other_asset).size(), 2u);
  FindingFilter run;
  run.run = first;
  EXPECT_EQ(life_->list(run).size(), 2u);
  EXPECT_EQ(life_->open_in_run(first).size(), 1u);
}

TEST_F(Lifecycle, DiffNamesAppearedFixedAndCameBack) {
  const int64_t a = audit({kUnauth, kNoAudit});
  const int64_t b = audit({kNoAudit});
  const int64_t c = audit({kUnauth, kWeak});
  RunDiff ab = diff_runs(*store_, a, b);
  ASSERT_EQ(ab.fixed.size(), 1u);
  EXPECT_EQ(ab.fixed[0].rule, "redis.unauthorized_access");
  EXPECT_EQ(ab.still_open.size(), 1u);
  EXPECT_TRUE(ab.appeared.empty());
  RunDiff bc = diff_runs(*store_, b, c);
  ASSERT_EQ(bc.came_back.size(), 1u);
  EXPECT_EQ(bc.came_back[0].rule, "redis.unauthorized_access");
  ASSERT_EQ(bc.appeared.size(), 1u);
  EXPECT_EQ(bc.appeared[0].rule, "redis.weak_password");
  EXPECT_EQ(bc.fixed.size(), 1u);
  EXPECT_THROW(diff_runs(*store_, a, 999), UsageError);
}

}  // namespace paicha::store
