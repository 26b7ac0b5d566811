#include "services/mysql/queries.h"

#include <mysql.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <mutex>

#include <fmt/format.h>

namespace paicha::services::mysql {

namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

struct MysqlCloser {
  void operator()(MYSQL* handle) const { mysql_close(handle); }
};
struct ResultFreer {
  void operator()(MYSQL_RES* result) const { mysql_free_result(result); }
};
using Handle = std::unique_ptr<MYSQL, MysqlCloser>;
using Result = std::unique_ptr<MYSQL_RES, ResultFreer>;
using Row = std::vector<std::optional<std::string>>;

class Session {
 public:
  // Connects; on failure error() says why.
  explicit Session(const QueryLogin& login) {
    static std::once_flag library_init;
    std::call_once(library_init, [] { mysql_library_init(0, nullptr, nullptr); });
    handle_.reset(mysql_init(nullptr));
    if (!handle_) {
      error_ = "mysql_init failed";
      return;
    }
    MYSQL* m = handle_.get();
    const unsigned seconds =
        static_cast<unsigned>(std::max<int64_t>(1, (login.timeout.count() + 999) / 1000));
    mysql_options(m, MYSQL_OPT_CONNECT_TIMEOUT, &seconds);
    mysql_options(m, MYSQL_OPT_READ_TIMEOUT, &seconds);
    mysql_options(m, MYSQL_OPT_WRITE_TIMEOUT, &seconds);
    const unsigned no_local_infile = 0;
    mysql_options(m, MYSQL_OPT_LOCAL_INFILE, &no_local_infile);
    const unsigned protocol = MYSQL_PROTOCOL_TCP;
    mysql_options(m, MYSQL_OPT_PROTOCOL, &protocol);
    if (login.tls) {
      // paicha inspects certificates elsewhere; here it only needs the channel encrypted.
      const my_bool yes = 1, no = 0;
      mysql_options(m, MYSQL_OPT_SSL_ENFORCE, &yes);
      mysql_options(m, MYSQL_OPT_SSL_VERIFY_SERVER_CERT, &no);
    }
    if (!mysql_real_connect(m, login.host.c_str(), login.user.c_str(), login.password.c_str(),
                            nullptr, login.port, nullptr, 0)) {
      error_ = fmt::format("connect as {}: {}", login.user, mysql_error(m));
      handle_.reset();
    }
  }

  bool ok() const { return handle_ != nullptr; }
  const std::string& error() const { return error_; }

  // Runs one statement; on failure returns nullopt and remembers the error with the statement.
  std::optional<std::vector<Row>> rows(const std::string& sql,
                                       std::vector<std::string>* column_names = nullptr) {
    MYSQL* m = handle_.get();
    if (mysql_real_query(m, sql.data(), sql.size()) != 0) {
      error_ = fmt::format("{}: {}", sql.substr(0, 60), mysql_error(m));
      return std::nullopt;
    }
    Result result(mysql_store_result(m));
    std::vector<Row> out;
    if (!result) {
      if (mysql_field_count(m) == 0) return out;
      error_ = fmt::format("{}: {}", sql.substr(0, 60), mysql_error(m));
      return std::nullopt;
    }
    const unsigned columns = mysql_num_fields(result.get());
    if (column_names) {
      MYSQL_FIELD* fields = mysql_fetch_fields(result.get());
      for (unsigned i = 0; i < columns; ++i) column_names->emplace_back(fields[i].name);
    }
    while (MYSQL_ROW row = mysql_fetch_row(result.get())) {
      unsigned long* lengths = mysql_fetch_lengths(result.get());
      Row values;
      for (unsigned i = 0; i < columns; ++i) {
        if (row[i])
          values.emplace_back(std::string(row[i], lengths[i]));
        else
          values.emplace_back(std::nullopt);
      }
      out.push_back(std::move(values));
    }
    return out;
  }

  // Statements that change nothing: the read-only transaction around every check.
  bool begin_read_only() { return rows("START TRANSACTION READ ONLY").has_value(); }
  void rollback() { rows("ROLLBACK"); }

 private:
  Handle handle_;
  std::string error_;
};

std::string text(const std::optional<std::string>& value) {
  return value.value_or("");
}

int64_t number(const std::optional<std::string>& value) {
  try {
    return value ? static_cast<int64_t>(std::stoll(*value)) : 0;
  } catch (const std::exception&) {
    return 0;
  }
}

std::string quote_identifier(std::string_view name) {
  std::string out = "`";
  for (char c : name) {
    if (c == '`') out += '`';
    out += c;
  }
  return out + "`";
}

// Reads mysql.user: on MySQL a table, on MariaDB 10.4+ a view over mysql.global_priv, both with
// one *_priv column per global privilege. The column set differs by version, so it is read
// from information_schema first; password hashes are never selected.
void read_accounts(Session& session, ServerFacts& facts) {
  auto columns = session.rows(
      "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'mysql' AND "
      "TABLE_NAME = 'user' AND (COLUMN_NAME LIKE '%\\_priv' OR COLUMN_NAME IN "
      "('account_locked', 'is_role')) ORDER BY ORDINAL_POSITION");
  if (!columns || columns->empty()) {
    facts.accounts_error = columns ? "mysql.user: no privilege columns visible" : session.error();
    return;
  }
  std::string sql = "SELECT User, Host";
  std::vector<std::string> names;
  for (const Row& row : *columns) {
    names.push_back(text(row[0]));
    sql += ", " + quote_identifier(names.back());
  }
  sql += " FROM mysql.user";
  auto rows = session.rows(sql);
  if (!rows) {
    facts.accounts_error = session.error();
    return;
  }
  facts.accounts_readable = true;
  for (const Row& row : *rows) {
    Account account{text(row[0]), text(row[1]), {}, false};
    bool is_role = false;
    for (size_t i = 0; i < names.size() && i + 2 < row.size(); ++i) {
      const bool yes = text(row[i + 2]) == "Y";
      const std::string name = lower(names[i]);
      if (name == "account_locked")
        account.locked = yes;
      else if (name == "is_role")
        is_role = yes;
      else if (yes)
        account.global_privileges.push_back(names[i].substr(0, names[i].size() - 5));
    }
    if (!is_role) facts.accounts.push_back(std::move(account));
  }
}

}  // namespace

const std::vector<std::string>& audited_variables() {
  static const std::vector<std::string> names = {"bind_address",
                                                 "require_secure_transport",
                                                 "have_ssl",
                                                 "general_log",
                                                 "log_bin",
                                                 "expire_logs_days",
                                                 "binlog_expire_logs_seconds",
                                                 "server_audit_logging",
                                                 "server_audit_events",
                                                 "audit_log_policy",
                                                 "log_error",
                                                 "version",
                                                 "version_comment",
                                                 "skip_networking"};
  return names;
}

QueryOutcome<ServerFacts> read_server_facts(const QueryLogin& login) {
  QueryOutcome<ServerFacts> outcome;
  Session session(login);
  if (!session.ok() || !session.begin_read_only()) {
    outcome.error = session.error();
    return outcome;
  }
  ServerFacts facts;
  if (auto user = session.rows("SELECT CURRENT_USER()"); user && !user->empty())
    facts.current_user = text(user->front()[0]);

  std::string names;
  for (const auto& name : audited_variables()) names += (names.empty() ? "'" : ", '") + name + "'";
  auto variables = session.rows("SHOW GLOBAL VARIABLES WHERE Variable_name IN (" + names + ")");
  if (!variables) {
    outcome.error = session.error();
    session.rollback();
    return outcome;
  }
  for (const Row& row : *variables) facts.variables[lower(text(row[0]))] = text(row[1]);

  auto plugins = session.rows(
      "SELECT PLUGIN_NAME, PLUGIN_STATUS FROM information_schema.PLUGINS WHERE "
      "LOWER(PLUGIN_NAME) IN ('server_audit', 'audit_log', 'audit_log_filter')");
  facts.plugins_readable = plugins.has_value();
  if (plugins)
    for (const Row& row : *plugins) facts.plugins[lower(text(row[0]))] = text(row[1]);

  read_accounts(session, facts);
  session.rollback();
  outcome.value = std::move(facts);
  return outcome;
}

QueryOutcome<ReachableData> read_reachable_data(const QueryLogin& login) {
  QueryOutcome<ReachableData> outcome;
  Session session(login);
  if (!session.ok() || !session.begin_read_only()) {
    outcome.error = session.error();
    return outcome;
  }
  ReachableData data;
  if (auto user = session.rows("SELECT CURRENT_USER()"); user && !user->empty())
    data.current_user = text(user->front()[0]);
  constexpr const char* kSystemSchemas =
      "('mysql', 'information_schema', 'performance_schema', 'sys')";
  auto schemas = session.rows(
      std::string("SELECT COUNT(*) FROM information_schema.SCHEMATA WHERE SCHEMA_NAME NOT IN ") +
      kSystemSchemas);
  auto tables =
      session.rows(std::string("SELECT COUNT(*), COALESCE(SUM(DATA_LENGTH + INDEX_LENGTH), 0) FROM "
                               "information_schema.TABLES WHERE TABLE_SCHEMA NOT IN ") +
                   kSystemSchemas);
  session.rollback();
  if (!schemas || !tables || schemas->empty() || tables->empty()) {
    outcome.error = session.error();
    return outcome;
  }
  data.databases = number(schemas->front()[0]);
  data.tables = number(tables->front()[0]);
  data.bytes = number(tables->front()[1]);
  outcome.value = data;
  return outcome;
}

}  // namespace paicha::services::mysql
