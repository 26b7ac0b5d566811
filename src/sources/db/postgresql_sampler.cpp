// PostgreSQL through libpq. Each table is read in its own transaction, opened with
// SET TRANSACTION READ ONLY and SET LOCAL statement_timeout / lock_timeout: a read-only
// transaction takes only ACCESS SHARE locks, which no INSERT/UPDATE/DELETE waits for, and
// the lock timeout keeps paicha from queueing behind (and so in front of) DDL.
#include <fmt/format.h>
#include <libpq-fe.h>

#include <algorithm>
#include <map>
#include <memory>

#include "core/errors.h"
#include "core/i18n.h"
#include "sources/db/sampler.h"

namespace paicha::sources::db {

namespace {

constexpr uint64_t kCountCap = 100000;  // tables below this many rows are counted exactly

struct ConnCloser {
  void operator()(PGconn* c) const { PQfinish(c); }
};
struct ResultCloser {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Conn = std::unique_ptr<PGconn, ConnCloser>;
using Result = std::unique_ptr<PGresult, ResultCloser>;

class PostgresSampler : public Sampler {
 public:
  PostgresSampler(Dsn dsn, Login login, SamplerOptions options)
      : dsn_(std::move(dsn)), login_(std::move(login)), options_(options) {
    // Fail early, naming the DSN, before any table is listed.
    conn(dsn_.database.empty() ? "postgres" : dsn_.database);
  }

  std::string server_version() override {
    int v = PQserverVersion(conn(first_db()));
    return v ? fmt::format("PostgreSQL {}.{}", v / 10000, v % 10000) : "";
  }

  std::vector<TableInfo> tables() override {
    std::vector<std::string> databases;
    if (!dsn_.database.empty()) {
      databases.push_back(dsn_.database);
    } else {
      PGconn* c = conn("postgres");
      begin(c);
      Result r = query(c,
                       "SELECT datname FROM pg_database WHERE datallowconn AND NOT "
                       "datistemplate ORDER BY datname");
      for (int i = 0; i < PQntuples(r.get()); ++i)
        databases.emplace_back(PQgetvalue(r.get(), i, 0));
      commit(c);
    }
    std::vector<TableInfo> out;
    for (const auto& db : databases) {
      const size_t before = out.size();
      try {
        list_tables(db, out);
      } catch (const RuntimeError&) {
        // Listing every database: one dropped meanwhile, or that this login may not open, is
        // left out rather than failing the whole server.
        if (!dsn_.database.empty()) throw;
        out.resize(before);
      }
    }
    return out;
  }

  void list_tables(const std::string& db, std::vector<TableInfo>& out) {
    {
      PGconn* c = conn(db);
      begin(c);
      Result r = query(c,
                       "SELECT n.nspname, c.relname, c.reltuples::bigint, "
                       "pg_total_relation_size(c.oid), c.oid FROM pg_class c JOIN pg_namespace n "
                       "ON n.oid = c.relnamespace WHERE c.relkind IN ('r','p','m') AND n.nspname "
                       "NOT IN ('pg_catalog','information_schema') AND n.nspname NOT LIKE "
                       "'pg_toast%' ORDER BY 1, 2");
      std::map<uint64_t, size_t> by_oid;
      for (int i = 0; i < PQntuples(r.get()); ++i) {
        TableInfo t;
        t.database = db;
        t.schema = PQgetvalue(r.get(), i, 0);
        t.name = PQgetvalue(r.get(), i, 1);
        long long reltuples = std::stoll(PQgetvalue(r.get(), i, 2));
        t.rows = reltuples > 0 ? static_cast<uint64_t>(reltuples) : 0;
        t.rows_estimated = reltuples >= 0;
        t.bytes = std::stoull(PQgetvalue(r.get(), i, 3));
        t.native_id = std::stoull(PQgetvalue(r.get(), i, 4));
        by_oid[t.native_id] = out.size();
        out.push_back(std::move(t));
      }
      Result cols = query(c,
                          "SELECT a.attrelid::bigint, a.attname, format_type(a.atttypid, "
                          "a.atttypmod) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid "
                          "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE a.attnum > 0 AND "
                          "NOT a.attisdropped AND c.relkind IN ('r','p','m') AND n.nspname NOT IN "
                          "('pg_catalog','information_schema') ORDER BY a.attrelid, a.attnum");
      for (int i = 0; i < PQntuples(cols.get()); ++i) {
        auto it = by_oid.find(std::stoull(PQgetvalue(cols.get(), i, 0)));
        if (it == by_oid.end()) continue;
        out[it->second].columns.push_back(
            {PQgetvalue(cols.get(), i, 1), PQgetvalue(cols.get(), i, 2)});
      }
      // Small or never-analysed tables: a count bounded by kCountCap is cheap and exact.
      for (auto& [oid, index] : by_oid) {
        TableInfo& t = out[index];
        if (t.rows_estimated && t.rows >= kCountCap) continue;
        Result n = query(c, fmt::format("SELECT count(*) FROM (SELECT 1 FROM {} LIMIT {}) s",
                                        relation(c, t), kCountCap + 1));
        uint64_t counted = std::stoull(PQgetvalue(n.get(), 0, 0));
        if (counted <= kCountCap) {
          t.rows = counted;
          t.rows_estimated = false;
        } else {
          t.rows = std::max(t.rows, counted);
        }
      }
      commit(c);
    }
  }

  uint64_t sample(const TableInfo& t, const RowSink& sink) override {
    PGconn* c = conn(t.database);
    begin(c);
    std::string select = select_list(c, t, all_columns(t), true);
    const size_t n = options_.sample_rows;
    uint64_t rows = 0;
    if (t.rows > n * 10) {
      // TABLESAMPLE SYSTEM reads whole pages at random: ~3x the wanted share, then LIMIT.
      double percent =
          std::min(100.0, 300.0 * static_cast<double>(n) / static_cast<double>(t.rows));
      rows = emit(query(c, fmt::format("SELECT {} FROM {} TABLESAMPLE SYSTEM ({:.6f}) LIMIT {}",
                                       select, relation(c, t), percent, n)),
                  sink, n / 2);
    }
    if (rows == 0)  // small table, or the pages drawn were nearly empty
      rows = emit(query(c, fmt::format("SELECT {} FROM {} LIMIT {}", select, relation(c, t), n)),
                  sink, 0);
    commit(c);
    return rows;
  }

  uint64_t scan_all(const TableInfo& t, const std::vector<size_t>& columns,
                    const RowSink& sink) override {
    PGconn* c = conn(t.database);
    begin(c);
    const std::string sql = fmt::format("COPY (SELECT {} FROM {}) TO STDOUT",
                                        select_list(c, t, columns, false), relation(c, t));
    Result r(PQexec(c, sql.c_str()));
    if (PQresultStatus(r.get()) != PGRES_COPY_OUT) fail(c, sql);
    std::vector<std::optional<std::string_view>> values(columns.size());
    std::vector<std::string> unescaped(columns.size());
    uint64_t rows = 0;
    char* buffer = nullptr;
    int len;
    while ((len = PQgetCopyData(c, &buffer, 0)) > 0) {
      std::string_view line(buffer, static_cast<size_t>(len));
      if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
      size_t field = 0, start = 0;
      while (field < columns.size()) {
        size_t tab = line.find('\t', start);
        std::string_view v = line.substr(start, tab == std::string_view::npos ? tab : tab - start);
        values[field] = copy_field(v, unescaped[field]);
        ++field;
        if (tab == std::string_view::npos) break;
        start = tab + 1;
      }
      for (; field < columns.size(); ++field) values[field] = std::nullopt;
      sink(values);
      ++rows;
      PQfreemem(buffer);
    }
    if (len == -2) fail(c, sql);
    Result end(PQgetResult(c));
    if (PQresultStatus(end.get()) != PGRES_COMMAND_OK) fail(c, sql);
    while (PGresult* extra = PQgetResult(c)) PQclear(extra);
    commit(c);
    return rows;
  }

 private:
  std::string first_db() const { return dsn_.database.empty() ? "postgres" : dsn_.database; }

  PGconn* conn(const std::string& db) {
    auto it = conns_.find(db);
    if (it != conns_.end()) return it->second.get();
    std::vector<std::pair<std::string, std::string>> params = {
        {"host", dsn_.host},
        {"port", std::to_string(dsn_.port)},
        {"dbname", db},
        {"application_name", "paicha"},
        {"connect_timeout", std::to_string(options_.connect_timeout_s)},
        {"client_encoding", "UTF8"},
    };
    if (!login_.user.empty()) params.emplace_back("user", login_.user);
    if (!login_.password.empty()) params.emplace_back("password", login_.password);
    for (const char* key : {"sslmode", "sslrootcert", "sslcert", "sslkey"})
      if (auto p = dsn_.params.find(key); p != dsn_.params.end())
        params.emplace_back(key, p->second);
    std::vector<const char*> keys, values;
    for (const auto& [k, v] : params) {
      keys.push_back(k.c_str());
      values.push_back(v.c_str());
    }
    keys.push_back(nullptr);
    values.push_back(nullptr);
    Conn c(PQconnectdbParams(keys.data(), values.data(), 0));
    if (!c || PQstatus(c.get()) != CONNECTION_OK) {
      std::string why = c ? PQerrorMessage(c.get()) : "out of memory";
      while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
      throw RuntimeError(fmt::format("{} {} ({} {}): {}", tr("无法连接", "cannot connect to"),
                                     dsn_.masked(), tr("数据库", "database"), db, why));
    }
    return conns_.emplace(db, std::move(c)).first->second.get();
  }

  [[noreturn]] void fail(PGconn* c, const std::string& sql) {
    std::string why = PQerrorMessage(c);
    while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
    PGresult* r = PQexec(c, "ROLLBACK");
    PQclear(r);
    throw RuntimeError(fmt::format("{} {}: {}: {}", dsn_.masked(), tr("查询失败", "query failed"),
                                   sql.substr(0, 120), why));
  }

  Result query(PGconn* c, const std::string& sql) {
    Result r(PQexec(c, sql.c_str()));
    auto status = PQresultStatus(r.get());
    if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) fail(c, sql);
    return r;
  }

  void begin(PGconn* c) {
    query(c, "BEGIN");
    query(c, "SET TRANSACTION READ ONLY");
    query(c, fmt::format("SET LOCAL statement_timeout = {}", options_.statement_timeout_ms));
    query(c, fmt::format("SET LOCAL lock_timeout = {}",
                         std::min(options_.statement_timeout_ms, 5000u)));
  }
  void commit(PGconn* c) { query(c, "COMMIT"); }

  std::string ident(PGconn* c, const std::string& name) {
    char* q = PQescapeIdentifier(c, name.data(), name.size());
    if (!q) throw RuntimeError(fmt::format("{}: {}", dsn_.masked(), PQerrorMessage(c)));
    std::string out(q);
    PQfreemem(q);
    return out;
  }
  std::string relation(PGconn* c, const TableInfo& t) {
    return ident(c, t.schema) + "." + ident(c, t.name);
  }
  static std::vector<size_t> all_columns(const TableInfo& t) {
    std::vector<size_t> all(t.columns.size());
    for (size_t i = 0; i < all.size(); ++i) all[i] = i;
    return all;
  }
  std::string select_list(PGconn* c, const TableInfo& t, const std::vector<size_t>& columns,
                          bool cut) {
    std::string out;
    for (size_t i : columns) {
      if (!out.empty()) out += ", ";
      std::string col = ident(c, t.columns[i].name) + "::text";
      out += cut ? fmt::format("left({}, {})", col, options_.max_value_bytes) : col;
    }
    return out.empty() ? "NULL" : out;
  }

  static uint64_t emit(Result r, const RowSink& sink, uint64_t at_least) {
    const int rows = PQntuples(r.get()), cols = PQnfields(r.get());
    if (static_cast<uint64_t>(rows) < at_least) return 0;
    std::vector<std::optional<std::string_view>> values(static_cast<size_t>(cols));
    for (int i = 0; i < rows; ++i) {
      for (int j = 0; j < cols; ++j)
        values[static_cast<size_t>(j)] =
            PQgetisnull(r.get(), i, j)
                ? std::nullopt
                : std::optional<std::string_view>(std::string_view(
                      PQgetvalue(r.get(), i, j), static_cast<size_t>(PQgetlength(r.get(), i, j))));
      sink(values);
    }
    return static_cast<uint64_t>(rows);
  }

  // A field of COPY's text format: \N is NULL; backslash escapes only where a backslash is.
  static std::optional<std::string_view> copy_field(std::string_view v, std::string& scratch) {
    if (v == "\\N") return std::nullopt;
    if (v.find('\\') == std::string_view::npos) return v;
    scratch.clear();
    for (size_t i = 0; i < v.size(); ++i) {
      if (v[i] != '\\' || i + 1 == v.size()) {
        scratch.push_back(v[i]);
        continue;
      }
      char e = v[++i];
      scratch.push_back(e == 't' ? '\t' : e == 'n' ? '\n' : e == 'r' ? '\r' : e);
    }
    return std::string_view(scratch);
  }

  Dsn dsn_;
  Login login_;
  SamplerOptions options_;
  std::map<std::string, Conn> conns_;
};

}  // namespace

std::unique_ptr<Sampler> open_postgresql_sampler(const Dsn& dsn, const Login& login,
                                                 const SamplerOptions& options) {
  return std::make_unique<PostgresSampler>(dsn, login, options);
}

}  // namespace paicha::sources::db
