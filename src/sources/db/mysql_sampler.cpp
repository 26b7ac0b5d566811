// MySQL and MariaDB through libmariadb. Each table is read in its own
// START TRANSACTION READ ONLY, WITH CONSISTENT SNAPSHOT: InnoDB serves plain SELECTs from the
// snapshot without row locks, and committing per table releases the metadata lock at once.
// max_statement_time (MariaDB) or max_execution_time (MySQL) bounds every statement.
#include <fmt/format.h>
#include <mysql.h>

#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <random>

#include "core/errors.h"
#include "core/i18n.h"
#include "sources/db/sampler.h"

namespace paicha::sources::db {

namespace {

constexpr uint64_t kCountCap = 100000;

struct MysqlCloser {
  void operator()(MYSQL* m) const { mysql_close(m); }
};
struct ResultCloser {
  void operator()(MYSQL_RES* r) const { mysql_free_result(r); }
};
using Result = std::unique_ptr<MYSQL_RES, ResultCloser>;

std::string quote_ident(const std::string& name) {
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out += '`';
    out += c;
  }
  return out + "`";
}

bool is_integer_type(const std::string& type) {
  return type == "int" || type == "bigint" || type == "smallint" || type == "mediumint" ||
         type == "tinyint";
}

class MysqlSampler : public Sampler {
 public:
  MysqlSampler(Dsn dsn, Login login, SamplerOptions options)
      : dsn_(std::move(dsn)), login_(std::move(login)), options_(options) {
    static std::once_flag library_init;
    std::call_once(library_init, [] { mysql_library_init(0, nullptr, nullptr); });
    handle_.reset(mysql_init(nullptr));
    if (!handle_) throw RuntimeError("mysql_init failed");
    MYSQL* m = handle_.get();
    const unsigned timeout = options_.connect_timeout_s;
    mysql_options(m, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
    const unsigned no_local_infile = 0;
    mysql_options(m, MYSQL_OPT_LOCAL_INFILE, &no_local_infile);
    const unsigned protocol = MYSQL_PROTOCOL_TCP;
    mysql_options(m, MYSQL_OPT_PROTOCOL, &protocol);
    mysql_options(m, MYSQL_SET_CHARSET_NAME, "utf8mb4");
    if (wants_tls()) {
      const my_bool yes = 1, no = 0;
      mysql_options(m, MYSQL_OPT_SSL_ENFORCE, &yes);
      mysql_options(m, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &no);
    }
    const std::string user = login_.user.empty() ? "root" : login_.user;
    if (!mysql_real_connect(m, dsn_.host.c_str(), user.c_str(), login_.password.c_str(), nullptr,
                            dsn_.port, nullptr, 0))
      throw RuntimeError(fmt::format("{} {} ({} {}): {}", tr("无法连接", "cannot connect to"),
                                     dsn_.masked(), tr("用户", "user"), user, mysql_error(m)));
    // MariaDB names the limit in seconds, MySQL in milliseconds; one of the two exists.
    const double seconds = options_.statement_timeout_ms / 1000.0;
    if (mysql_query(m, fmt::format("SET SESSION max_statement_time = {:.3f}", seconds).c_str()) !=
        0)
      exec(fmt::format("SET SESSION max_execution_time = {}", options_.statement_timeout_ms));
    exec(fmt::format("SET SESSION lock_wait_timeout = {}",
                     std::max(1u, std::min(options_.statement_timeout_ms / 1000, 5u))));
  }

  std::string server_version() override { return mysql_get_server_info(handle_.get()); }

  std::vector<TableInfo> tables() override {
    begin();
    std::string where =
        "TABLE_SCHEMA NOT IN ('mysql','information_schema','performance_schema','sys')";
    if (!dsn_.database.empty()) where = "TABLE_SCHEMA = " + literal(dsn_.database);
    std::vector<TableInfo> out;
    std::map<std::pair<std::string, std::string>, size_t> index;
    for (const auto& row : rows("SELECT TABLE_SCHEMA, TABLE_NAME, IFNULL(TABLE_ROWS, 0), "
                                "IFNULL(DATA_LENGTH, 0) + IFNULL(INDEX_LENGTH, 0) FROM "
                                "information_schema.TABLES WHERE TABLE_TYPE = 'BASE TABLE' AND " +
                                where + " ORDER BY 1, 2")) {
      TableInfo t;
      t.database = row[0].value_or("");
      t.name = row[1].value_or("");
      t.rows = std::stoull(row[2].value_or("0"));
      t.bytes = std::stoull(row[3].value_or("0"));
      index[{t.database, t.name}] = out.size();
      out.push_back(std::move(t));
    }
    std::map<size_t, std::vector<std::pair<std::string, std::string>>> keys;  // table -> PK cols
    for (const auto& row : rows("SELECT TABLE_SCHEMA, TABLE_NAME, COLUMN_NAME, DATA_TYPE, "
                                "COLUMN_KEY FROM information_schema.COLUMNS WHERE " +
                                where + " ORDER BY TABLE_SCHEMA, TABLE_NAME, ORDINAL_POSITION")) {
      auto it = index.find({row[0].value_or(""), row[1].value_or("")});
      if (it == index.end()) continue;
      out[it->second].columns.push_back({row[2].value_or(""), row[3].value_or("")});
      if (row[4].value_or("") == "PRI")
        keys[it->second].emplace_back(row[2].value_or(""), row[3].value_or(""));
    }
    for (auto& [i, pk] : keys)
      if (pk.size() == 1 && is_integer_type(pk[0].second)) out[i].key_column = pk[0].first;
    // InnoDB's TABLE_ROWS is a rough estimate; small tables are counted exactly, bounded.
    for (auto& t : out) {
      if (t.rows >= kCountCap) continue;
      auto n = rows(fmt::format("SELECT COUNT(*) FROM (SELECT 1 FROM {} LIMIT {}) s", relation(t),
                                kCountCap + 1));
      uint64_t counted = std::stoull(n.at(0)[0].value_or("0"));
      if (counted <= kCountCap) {
        t.rows = counted;
        t.rows_estimated = false;
      } else {
        t.rows = counted;
      }
    }
    commit();
    return out;
  }

  uint64_t sample(const TableInfo& t, const RowSink& sink) override {
    begin();
    std::string select;
    for (const auto& c : t.columns) {
      if (!select.empty()) select += ", ";
      select += fmt::format("LEFT({}, {})", quote_ident(c.name), options_.max_value_bytes);
    }
    const size_t n = options_.sample_rows;
    std::string sql = fmt::format("SELECT {} FROM {} LIMIT {}", select, relation(t), n);
    if (!t.key_column.empty() && t.rows > n * 10) {
      // A random point in the primary-key range, then the next N rows along the index.
      auto bounds = rows(fmt::format("SELECT MIN({0}), MAX({0}) FROM {1}",
                                     quote_ident(t.key_column), relation(t)));
      if (!bounds.empty() && bounds[0][0] && bounds[0][1]) {
        long long lo = std::stoll(*bounds[0][0]), hi = std::stoll(*bounds[0][1]);
        long long span = std::max(0LL, hi - lo - static_cast<long long>(n));
        std::mt19937_64 random(std::random_device{}());
        long long start =
            lo + (span > 0
                      ? static_cast<long long>(random() % static_cast<unsigned long long>(span))
                      : 0);
        sql = fmt::format("SELECT {} FROM {} WHERE {} >= {} ORDER BY {} LIMIT {}", select,
                          relation(t), quote_ident(t.key_column), start, quote_ident(t.key_column),
                          n);
      }
    }
    uint64_t count = stream(sql, sink);
    commit();
    return count;
  }

  uint64_t scan_all(const TableInfo& t, const std::vector<size_t>& columns,
                    const RowSink& sink) override {
    begin();
    std::string select;
    for (size_t i : columns) {
      if (!select.empty()) select += ", ";
      select += quote_ident(t.columns[i].name);
    }
    uint64_t count = stream(
        fmt::format("SELECT {} FROM {}", select.empty() ? "NULL" : select, relation(t)), sink);
    commit();
    return count;
  }

 private:
  bool wants_tls() const {
    for (const char* key : {"ssl", "tls", "sslmode", "ssl-mode"}) {
      auto it = dsn_.params.find(key);
      if (it == dsn_.params.end()) continue;
      const std::string& v = it->second;
      return v == "1" || v == "true" || v == "required" || v == "require" || v == "REQUIRED" ||
             v == "verify-ca" || v == "verify-full" || v == "VERIFY_CA" || v == "VERIFY_IDENTITY";
    }
    return false;
  }

  std::string literal(const std::string& text) {
    std::string out(text.size() * 2 + 1, '\0');
    out.resize(mysql_real_escape_string(handle_.get(), out.data(), text.data(), text.size()));
    return "'" + out + "'";
  }
  static std::string relation(const TableInfo& t) {
    return quote_ident(t.database) + "." + quote_ident(t.name);
  }

  [[noreturn]] void fail(const std::string& sql) {
    std::string why = mysql_error(handle_.get());
    mysql_query(handle_.get(), "ROLLBACK");
    throw RuntimeError(fmt::format("{} {}: {}: {}", dsn_.masked(), tr("查询失败", "query failed"),
                                   sql.substr(0, 120), why));
  }
  void exec(const std::string& sql) {
    if (mysql_real_query(handle_.get(), sql.data(), sql.size()) != 0) fail(sql);
    Result r(mysql_store_result(handle_.get()));
  }
  void begin() { exec("START TRANSACTION READ ONLY, WITH CONSISTENT SNAPSHOT"); }
  void commit() { exec("COMMIT"); }

  std::vector<std::vector<std::optional<std::string>>> rows(const std::string& sql) {
    std::vector<std::vector<std::optional<std::string>>> out;
    stream(sql, [&out](const std::vector<std::optional<std::string_view>>& values) {
      auto& row = out.emplace_back();
      for (const auto& v : values) row.push_back(v ? std::optional<std::string>(*v) : std::nullopt);
    });
    return out;
  }

  // mysql_use_result: rows arrive one by one, never the whole table in memory.
  uint64_t stream(const std::string& sql, const RowSink& sink) {
    MYSQL* m = handle_.get();
    if (mysql_real_query(m, sql.data(), sql.size()) != 0) fail(sql);
    Result r(mysql_use_result(m));
    if (!r) fail(sql);
    const unsigned fields = mysql_num_fields(r.get());
    std::vector<std::optional<std::string_view>> values(fields);
    uint64_t count = 0;
    while (MYSQL_ROW row = mysql_fetch_row(r.get())) {
      unsigned long* lengths = mysql_fetch_lengths(r.get());
      for (unsigned i = 0; i < fields; ++i)
        values[i] = row[i] ? std::optional<std::string_view>(std::string_view(row[i], lengths[i]))
                           : std::nullopt;
      sink(values);
      ++count;
    }
    if (mysql_errno(m) != 0) fail(sql);
    return count;
  }

  Dsn dsn_;
  Login login_;
  SamplerOptions options_;
  std::unique_ptr<MYSQL, MysqlCloser> handle_;
};

}  // namespace

std::unique_ptr<Sampler> open_mysql_sampler(const Dsn& dsn, const Login& login,
                                            const SamplerOptions& options) {
  return std::make_unique<MysqlSampler>(dsn, login, options);
}

}  // namespace paicha::sources::db
