// `pii db` end to end on a real SQLite file: enumeration, sampling, exact counts, include /
// exclude, and that the file is opened read-only.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "pii/db_scan.h"

using namespace paicha;

namespace {

class PiiDbSqlite : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("paicha_piidb_" + std::to_string(::getpid()) + ".db");
    std::filesystem::remove(path_);
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    std::string sql =
        "BEGIN;"
        "CREATE TABLE people(id INTEGER PRIMARY KEY, 姓名 TEXT, mobile TEXT, note TEXT);"
        "CREATE TABLE accounts(id INTEGER PRIMARY KEY, password TEXT);"
        "CREATE TABLE items(id INTEGER PRIMARY KEY, sku TEXT);";
    const char* mobiles[] = {"13812345678", "13912345679", "15012345670", nullptr, "12345"};
    for (int i = 0; i < 50; ++i) {
      const char* m = mobiles[i % 5];
      sql += "INSERT INTO people(姓名, mobile, note) VALUES('张伟', " +
             (m ? "'" + std::string(m) + "'" : std::string("NULL")) + ", 'ok');";
      sql += "INSERT INTO accounts(password) VALUES('secret" + std::to_string(i) + "x');";
      sql += "INSERT INTO items(sku) VALUES('SKU" + std::to_string(1000 + i) + "');";
    }
    sql += "COMMIT;";
    ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  void TearDown() override { std::filesystem::remove(path_); }

  pii::DbSourceResult scan(pii::DbScanOptions options) {
    return pii::scan_database(parse_dsn("sqlite://" + path_.string()), {}, options);
  }

  std::filesystem::path path_;
};

const pii::DbTableResult* table(const pii::DbSourceResult& s, const std::string& name) {
  for (const auto& t : s.tables)
    if (t.info.name == name) return &t;
  return nullptr;
}

}  // namespace

TEST_F(PiiDbSqlite, ClassifiesColumnsAndCountsRows) {
  pii::DbScanOptions options;
  options.sampler.sample_rows = 20;
  auto before = std::filesystem::last_write_time(path_);
  auto s = scan(options);
  ASSERT_FALSE(s.error) << *s.error;
  ASSERT_EQ(s.tables.size(), 3u);
  const auto* people = table(s, "people");
  ASSERT_NE(people, nullptr);
  EXPECT_EQ(people->info.rows, 50u);
  EXPECT_FALSE(people->info.rows_estimated);
  EXPECT_EQ(people->sampled_rows, 20u);
  ASSERT_EQ(people->columns.size(), 4u);
  EXPECT_EQ(people->columns[1].verdict.type, pii::PiiType::name);
  EXPECT_EQ(people->columns[2].verdict.type, pii::PiiType::mobile);
  EXPECT_EQ(people->columns[2].verdict.sampled, 16u);  // 4 of 20 sampled are NULL
  EXPECT_EQ(people->columns[2].verdict.matched, 12u);  // and 4 are invalid
  EXPECT_FALSE(people->columns[3].verdict.type);
  EXPECT_EQ(people->category, "personal");
  EXPECT_FALSE(people->exact);
  const auto* items = table(s, "items");
  ASSERT_NE(items, nullptr);
  EXPECT_EQ(items->category, "business");
  EXPECT_EQ(table(s, "accounts")->columns[1].password_storage, pii::PasswordStorage::plaintext);
  EXPECT_EQ(std::filesystem::last_write_time(path_), before);  // opened read-only
}

TEST_F(PiiDbSqlite, ExactModeCountsEveryRow) {
  pii::DbScanOptions options;
  options.sampler.sample_rows = 20;
  options.exact = true;
  auto s = scan(options);
  const auto* people = table(s, "people");
  ASSERT_NE(people, nullptr);
  EXPECT_TRUE(people->exact);
  EXPECT_EQ(people->counts[pii::PiiType::mobile], 30u);  // 3 valid of every 5 rows
  EXPECT_EQ(people->counts[pii::PiiType::name], 50u);
}

TEST_F(PiiDbSqlite, IncludeAndExcludeSelectTables) {
  pii::DbScanOptions options;
  options.include = {"peo*"};
  EXPECT_EQ(scan(options).tables.size(), 1u);
  options.include.clear();
  options.exclude = {"*.items", "accounts"};
  auto s = scan(options);
  ASSERT_EQ(s.tables.size(), 1u);
  EXPECT_EQ(s.tables[0].info.name, "people");
}

TEST_F(PiiDbSqlite, MissingFileIsAnErrorNamingIt) {
  auto s = pii::scan_database(parse_dsn("sqlite:///nonexistent/paicha.db"), {}, {});
  ASSERT_TRUE(s.error);
  EXPECT_NE(s.error->find("/nonexistent/paicha.db"), std::string::npos);
}
