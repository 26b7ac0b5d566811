#pragma once
// One interface over the database engines that `pii db` reads: enumerate tables (or key
// groups, collections) with the catalogue's row and byte estimates, sample rows by the
// engine's cheap path, and stream whole columns for exact counts. Every sampler is read-only:
// read-only transactions (or a read-only open), a statement timeout on every query, and no
// locks that block writers.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/dsn.h"

namespace paicha::sources::db {

struct Login {
  std::string user;
  std::string password;  // empty: none
};

struct ColumnInfo {
  std::string name;
  std::string type;  // as the catalogue names it
};

struct TableInfo {
  std::string database;
  std::string schema;  // empty where the engine has none (MySQL, SQLite, Redis)
  std::string name;
  uint64_t rows = 0;
  bool rows_estimated = true;  // from the catalogue, not counted
  uint64_t bytes = 0;
  std::vector<ColumnInfo> columns;
  std::string key_column;  // numeric single-column primary key (MySQL range sampling)
  uint64_t native_id = 0;  // engine-specific handle (PostgreSQL oid)
  // "schema.name" or "name": the name patterns are matched against.
  std::string qualified() const {
    std::string q = database + ".";
    if (!schema.empty()) q += schema + ".";
    return q + name;
  }
};

struct SamplerOptions {
  size_t sample_rows = 1000;
  unsigned statement_timeout_ms = 30000;
  unsigned connect_timeout_s = 10;
  size_t max_value_bytes = 4096;  // longer values are cut: enough to classify
};

// One row: values[i] belongs to the i-th requested column; nullopt is NULL.
using RowSink = std::function<void(const std::vector<std::optional<std::string_view>>& values)>;

class Sampler {
 public:
  virtual ~Sampler() = default;
  // The tables of the DSN's database, or of every database the login can read.
  virtual std::vector<TableInfo> tables() = 0;
  // Up to sample_rows rows of all columns. Returns the number of rows read.
  virtual uint64_t sample(const TableInfo& table, const RowSink& sink) = 0;
  // Every row of `columns` (indexes into table.columns). Returns the number of rows read.
  virtual uint64_t scan_all(const TableInfo& table, const std::vector<size_t>& columns,
                            const RowSink& sink) = 0;
  // False where the engine cannot stream all values (MongoDB, Elasticsearch keep sampling).
  virtual bool can_scan_all() const { return true; }
  // The server's own name for itself, e.g. "PostgreSQL 15.18"; empty if unknown.
  virtual std::string server_version() { return ""; }
};

// Opens the sampler for dsn.engine; throws RuntimeError naming the masked DSN when the
// connection fails, and UsageError for an engine without a sampler.
std::unique_ptr<Sampler> open_sampler(const Dsn& dsn, const Login& login,
                                      const SamplerOptions& options);

std::unique_ptr<Sampler> open_postgresql_sampler(const Dsn&, const Login&, const SamplerOptions&);
std::unique_ptr<Sampler> open_mysql_sampler(const Dsn&, const Login&, const SamplerOptions&);
std::unique_ptr<Sampler> open_sqlite_sampler(const Dsn&, const Login&, const SamplerOptions&);
std::unique_ptr<Sampler> open_redis_sampler(const Dsn&, const Login&, const SamplerOptions&);
std::unique_ptr<Sampler> open_mongodb_sampler(const Dsn&, const Login&, const SamplerOptions&);
std::unique_ptr<Sampler> open_elasticsearch_sampler(const Dsn&, const Login&,
                                                    const SamplerOptions&);

}  // namespace paicha::sources::db
