#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

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
