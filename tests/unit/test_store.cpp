#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "store/finding_lifecycle.h"
#include "store/migrations.h"
#include "store/store.h"

namespace paicha::store {

namespace {
std::string temp_db(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() /
             ("paicha-test-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove_all(dir);
  return (dir / "paicha.db").string();
}
}  // namespace

TEST(Store, NewStoreIsAtCurrentSchemaVersionAndPrivate) {
  const std::string path = temp_db("schema");
  {
    Store store(path);
    EXPECT_EQ(schema_version(store.database()), current_schema_version());
  }
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 077, 0u) << "the store must not be readable by group/others";
}

TEST(Store, RefusesStoreFromNewerPaicha) {
  const std::string path = temp_db("newer");
  { Store store(path); }
  {
    Database db(path);
    db.exec("PRAGMA user_version = 999");
  }
  EXPECT_THROW(Store store(path), std::runtime_error);
}

TEST(Store, RunLifecycleAndAssetUpsert) {
  Store store(temp_db("runs"));
  int64_t run = store.begin_run("discover", R"({"targets":["127.0.0.1"]})");
  EXPECT_EQ(store.run(run)->status, "running");

  Asset a;
  a.host = "127.0.0.1";
  a.port = 6379;
  a.service = "unknown";
  store.upsert_assets(run, {a});
  a.service = "redis";
  a.product = "Redis";
  a.version = "7.0.15";
  a.tls = false;
  store.upsert_assets(run, {a});  // same endpoint: updated, not duplicated

  auto assets = store.assets(run);
  ASSERT_EQ(assets.size(), 1u);
  EXPECT_EQ(assets[0].service, "redis");
  EXPECT_EQ(assets[0].version, "7.0.15");
  ASSERT_TRUE(assets[0].tls.has_value());
  EXPECT_FALSE(*assets[0].tls);

  store.set_checkpoint(run, R"({"watermark":3,"done":[]})");
  store.finish_run(run, "interrupted");
  auto record = store.run(run);
  EXPECT_EQ(record->status, "interrupted");
  EXPECT_FALSE(record->finished_at.empty());
  EXPECT_EQ(record->checkpoint, R"({"watermark":3,"done":[]})");
  store.reopen_run(run);
  EXPECT_EQ(store.run(run)->status, "running");
  EXPECT_EQ(store.latest_run("discover")->id, run);
  EXPECT_FALSE(store.latest_run("audit").has_value());
}

TEST(Store, MigratesAStoreFromEveryEarlierVersionKeepingItsData) {
  for (int from = 1; from < current_schema_version(); ++from) {
    const std::string path = temp_db("migrate" + std::to_string(from));
    {
      Database db(path);
      for (int v = 0; v < from; ++v) db.exec(migrations()[static_cast<size_t>(v)]);
      db.exec("PRAGMA user_version = " + std::to_string(from));
      db.exec(
          "INSERT INTO runs(kind, status, started_at, tool_version, params) "
          "VALUES('discover', 'done', '2026-01-01T00:00:00Z', '0.0.1', '{}')");
      db.exec(
          "INSERT INTO assets(run_id, host, port, service, seen_at) "
          "VALUES(1, '10.0.0.1', 6379, 'redis', '2026-01-01T00:00:00Z')");
    }
    Store store(path);
    EXPECT_EQ(schema_version(store.database()), current_schema_version()) << "from " << from;
    ASSERT_EQ(store.assets(1).size(), 1u) << "from " << from;
    EXPECT_EQ(store.assets(1)[0].service, "redis");
  }
}

// Findings recorded before the rectification loop existed (schema 2 and 3) are classified
// like new ones once the store is migrated.
TEST(Store, MigratedFindingsEnterTheRectificationLoop) {
  for (int from = 2; from < current_schema_version(); ++from) {
    const std::string path = temp_db("migrate-loop" + std::to_string(from));
    {
      Database db(path);
      for (int v = 0; v < from; ++v) db.exec(migrations()[static_cast<size_t>(v)]);
      db.exec("PRAGMA user_version = " + std::to_string(from));
      db.exec(
          "INSERT INTO runs(kind, status, started_at, tool_version, params) "
          "VALUES('audit', 'done', '2026-01-01T00:00:00Z', '0.0.1', '{}')");
      db.exec(
          "INSERT INTO assets(run_id, host, port, service, seen_at, checked_at) "
          "VALUES(1, '10.0.0.1', 6379, 'redis', '2026-01-01T00:00:00Z', "
          "'2026-01-01T00:00:01Z')");
      db.exec(
          "INSERT INTO findings(run_id, fingerprint, rule, category, severity, host, port, "
          "service, title, evidence, remediation, found_at) VALUES(1, '00112233aabbccdd', "
          "'redis.unauthorized_access', 'unauthorized_access', 'critical', '10.0.0.1', "
          "6379, 'redis', 't', 'e', 'r', '2026-01-01T00:00:01Z')");
    }
    Store store(path);
    FindingLifecycle lifecycle(store);
    EXPECT_EQ(lifecycle.classify_run(1).new_count, 1) << "from " << from;
    EXPECT_EQ(lifecycle.get("0011").status, "new") << "from " << from;
  }
}

// Two processes opening a fresh store at once: one migrates, the other sees it done.
TEST(Store, ConcurrentOpeningMigratesOnce) {
  const std::string path = temp_db("concurrent-open");
  std::vector<std::thread> openers;
  std::atomic<int> failures{0};
  for (int i = 0; i < 4; ++i)
    openers.emplace_back([&] {
      try {
        Store store(path);
      } catch (const std::exception&) {
        ++failures;
      }
    });
  for (auto& t : openers) t.join();
  EXPECT_EQ(failures.load(), 0);
  Store store(path);
  EXPECT_EQ(schema_version(store.database()), current_schema_version());
}

TEST(Store, FindingsAreReplacedPerCheckedAsset) {
  Store store(temp_db("findings"));
  int64_t run = store.begin_run("audit", "{}");
  Asset a;
  a.host = "127.0.0.1";
  a.port = 6379;
  a.service = "redis";
  store.upsert_assets(run, {a});
  EXPECT_EQ(store.unchecked_assets(run).size(), 1u);
  Finding f;
  f.rule = "redis.unauthorized_access";
  f.category = "unauthorized_access";
  f.severity = Severity::critical;
  f.host = a.host;
  f.port = a.port;
  f.service = "redis";
  f.evidence = "12 keys";
  f.references = {"GB/T 22239-2019 8.1.4.2"};
  store.record_checked_asset(run, a, {f}, {"note"});
  store.record_checked_asset(run, a, {f}, {});  // checked again: not duplicated
  auto findings = store.findings(run);
  ASSERT_EQ(findings.size(), 1u);
  EXPECT_EQ(findings[0].fingerprint(), f.fingerprint());
  EXPECT_EQ(findings[0].severity, Severity::critical);
  EXPECT_EQ(findings[0].references, f.references);
  EXPECT_TRUE(store.unchecked_assets(run).empty());
  EXPECT_TRUE(store.notes(run).empty());
}

TEST(Store, DataAssetsRoundTrip) {
  Store store(temp_db("data_assets"));
  int64_t run = store.begin_run("pii-scan", "{}");
  DataAsset file;
  file.kind = "file";
  file.location = "exports/customers.csv";
  file.encoding = "gb18030";
  file.bytes = 1234;
  file.counts = {{"cn_id", 10}, {"mobile", 12}};
  file.sensitivity = sensitivity_of(file.counts);
  file.category = "personal";
  store.record_data_assets(run, {file});
  auto back = store.data_assets(run);
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].location, file.location);
  EXPECT_EQ(back[0].counts, file.counts);
  EXPECT_EQ(back[0].sensitivity, "sensitive");
  EXPECT_EQ(sensitivity_of({{"mobile", 3}}), "ordinary");
  EXPECT_EQ(sensitivity_of({}), "");
}

TEST(Store, TwoConnectionsSeeEachOthersWrites) {
  const std::string path = temp_db("shared");
  Store first(path);
  Store second(path);
  int64_t run = first.begin_run("discover", "{}");
  Asset a;
  a.host = "::1";
  a.port = 5432;
  a.service = "postgresql";
  second.upsert_assets(run, {a});
  EXPECT_EQ(first.assets(run).size(), 1u);
}

}  // namespace paicha::store
