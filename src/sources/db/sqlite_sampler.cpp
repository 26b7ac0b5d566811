// SQLite files, opened read-only (mode=ro, PRAGMA query_only) so that not even a journal is
// written; a progress handler enforces the statement timeout.
#include <fmt/format.h>
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <memory>

#include "core/errors.h"
#include "core/i18n.h"
#include "sources/db/sampler.h"

namespace paicha::sources::db {

namespace {

constexpr uint64_t kCountCap = 1000000;  // local file: counting is cheap

std::string quote_ident(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

class SqliteSampler : public Sampler {
 public:
  SqliteSampler(Dsn dsn, SamplerOptions options) : dsn_(std::move(dsn)), options_(options) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(dsn_.database, ec))
      throw UsageError(
          fmt::format("{}: {}", tr("SQLite 文件不存在", "no such SQLite file"), dsn_.database));
    sqlite3* db = nullptr;
    int rc = sqlite3_open_v2(dsn_.database.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    db_.reset(db);
    if (rc != SQLITE_OK)
      throw RuntimeError(fmt::format("{} {}: {}", tr("无法打开", "cannot open"), dsn_.database,
                                     db ? sqlite3_errmsg(db) : "out of memory"));
    exec("PRAGMA query_only = 1");
    sqlite3_progress_handler(db_.get(), 10000, &SqliteSampler::over_time, this);
  }

  std::string server_version() override { return std::string("SQLite ") + sqlite3_libversion(); }

  std::vector<TableInfo> tables() override {
    std::vector<TableInfo> out;
    run("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name",
        {}, [&](const std::vector<std::optional<std::string_view>>& v) {
          TableInfo t;
          t.database = "main";
          t.name = std::string(v[0].value_or(""));
          out.push_back(std::move(t));
        });
    const std::string database = std::filesystem::path(dsn_.database).filename().string();
    for (auto& t : out) {
      run("SELECT name, type FROM pragma_table_info(?1)", {t.name},
          [&](const std::vector<std::optional<std::string_view>>& v) {
            t.columns.push_back({std::string(v[0].value_or("")), std::string(v[1].value_or(""))});
          });
      run(fmt::format("SELECT count(*) FROM (SELECT 1 FROM {} LIMIT {})", quote_ident(t.name),
                      kCountCap + 1),
          {}, [&](const std::vector<std::optional<std::string_view>>& v) {
            t.rows = std::stoull(std::string(v[0].value_or("0")));
          });
      t.rows_estimated = t.rows > kCountCap;
      // dbstat is optional in SQLite builds; without it, bytes stay unknown (0).
      try {
        run("SELECT sum(pgsize) FROM dbstat WHERE name = ?1", {t.name},
            [&](const std::vector<std::optional<std::string_view>>& v) {
              t.bytes = std::stoull(std::string(v[0].value_or("0")));
            });
      } catch (const RuntimeError&) {
      }
      t.database = database;
    }
    return out;
  }

  uint64_t sample(const TableInfo& t, const RowSink& sink) override {
    std::string select;
    for (const auto& c : t.columns) {
      if (!select.empty()) select += ", ";
      select += fmt::format("substr(CAST({} AS TEXT), 1, {})", quote_ident(c.name),
                            options_.max_value_bytes);
    }
    const size_t n = options_.sample_rows;
    // Large tables: rows from a random point of the rowid range, read along the b-tree.
    std::string sql = fmt::format("SELECT {} FROM {} LIMIT {}", select, quote_ident(t.name), n);
    if (t.rows > n * 10)
      sql = fmt::format(
          "SELECT {0} FROM {1} WHERE rowid >= (SELECT min(rowid) + abs(random()) % "
          "max(1, max(rowid) - min(rowid) - {2}) FROM {1}) ORDER BY rowid LIMIT {2}",
          select, quote_ident(t.name), n);
    return run(sql, {}, sink);
  }

  uint64_t scan_all(const TableInfo& t, const std::vector<size_t>& columns,
                    const RowSink& sink) override {
    std::string select;
    for (size_t i : columns) {
      if (!select.empty()) select += ", ";
      select += fmt::format("CAST({} AS TEXT)", quote_ident(t.columns[i].name));
    }
    return run(
        fmt::format("SELECT {} FROM {}", select.empty() ? "NULL" : select, quote_ident(t.name)), {},
        sink);
  }

 private:
  struct DbCloser {
    void operator()(sqlite3* db) const { sqlite3_close(db); }
  };
  struct StmtCloser {
    void operator()(sqlite3_stmt* s) const { sqlite3_finalize(s); }
  };

  static int over_time(void* self) {
    auto* s = static_cast<SqliteSampler*>(self);
    return std::chrono::steady_clock::now() > s->deadline_ ? 1 : 0;
  }

  void exec(const std::string& sql) {
    run(sql, {}, [](const auto&) {});
  }

  uint64_t run(const std::string& sql, const std::vector<std::string>& binds, const RowSink& sink) {
    deadline_ =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(options_.statement_timeout_ms);
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db_.get(), sql.c_str(), -1, &raw, nullptr) != SQLITE_OK) fail(sql);
    std::unique_ptr<sqlite3_stmt, StmtCloser> stmt(raw);
    for (size_t i = 0; i < binds.size(); ++i)
      sqlite3_bind_text(raw, static_cast<int>(i + 1), binds[i].c_str(), -1, SQLITE_TRANSIENT);
    const int cols = sqlite3_column_count(raw);
    std::vector<std::optional<std::string_view>> values(static_cast<size_t>(cols));
    uint64_t rows = 0;
    int rc;
    while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
      for (int i = 0; i < cols; ++i) {
        if (sqlite3_column_type(raw, i) == SQLITE_NULL) {
          values[static_cast<size_t>(i)] = std::nullopt;
          continue;
        }
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(raw, i));
        values[static_cast<size_t>(i)] =
            std::string_view(text ? text : "", static_cast<size_t>(sqlite3_column_bytes(raw, i)));
      }
      sink(values);
      ++rows;
    }
    if (rc != SQLITE_DONE) fail(sql);
    return rows;
  }

  [[noreturn]] void fail(const std::string& sql) {
    throw RuntimeError(fmt::format("{} {}: {}: {}", dsn_.database, tr("查询失败", "query failed"),
                                   sql.substr(0, 120), sqlite3_errmsg(db_.get())));
  }

  Dsn dsn_;
  SamplerOptions options_;
  std::unique_ptr<sqlite3, DbCloser> db_;
  std::chrono::steady_clock::time_point deadline_;
};

}  // namespace

std::unique_ptr<Sampler> open_sqlite_sampler(const Dsn& dsn, const Login&,
                                             const SamplerOptions& options) {
  return std::make_unique<SqliteSampler>(dsn, options);
}

}  // namespace paicha::sources::db
