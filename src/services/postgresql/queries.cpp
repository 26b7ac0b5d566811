#include "services/postgresql/queries.h"

#include <libpq-fe.h>

#include <charconv>
#include <memory>

#include <fmt/format.h>

#include "services/probe_util.h"

namespace paicha::services::postgresql {

namespace {

struct ConnCloser {
  void operator()(PGconn* conn) const { PQfinish(conn); }
};
struct ResultCloser {
  void operator()(PGresult* result) const { PQclear(result); }
};
using Conn = std::unique_ptr<PGconn, ConnCloser>;
using Result = std::unique_ptr<PGresult, ResultCloser>;

std::string first_line_of(const char* message) {
  std::string_view text = message ? message : "";
  const size_t end = text.find('\n');
  return clean_text(text.substr(0, end), 200);
}

// Runs one SELECT; nullptr (and a problem recorded) when it fails.
Result select(PGconn* conn, const char* sql, std::vector<std::string>& problems) {
  Result result(PQexec(conn, sql));
  if (!result || PQresultStatus(result.get()) != PGRES_TUPLES_OK) {
    problems.push_back(first_line_of(PQerrorMessage(conn)));
    return nullptr;
  }
  return result;
}

std::string text_at(const PGresult* result, int row, int column) {
  if (PQgetisnull(result, row, column)) return {};
  return PQgetvalue(result, row, column);
}

std::optional<int64_t> int_at(const PGresult* result, int row, int column) {
  if (PQgetisnull(result, row, column)) return std::nullopt;
  const char* text = PQgetvalue(result, row, column);
  int64_t value = 0;
  const char* end = text + std::char_traits<char>::length(text);
  auto [ptr, ec] = std::from_chars(text, end, value);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return value;
}

constexpr const char* kIdentitySql =
    "SELECT current_user, current_database(), "
    "(SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user), "
    "(SELECT count(*) FROM pg_catalog.pg_database WHERE NOT datistemplate), "
    "(SELECT count(*) FROM pg_catalog.pg_database WHERE NOT datistemplate "
    "  AND has_database_privilege(oid, 'CONNECT')), "
    "(SELECT sum(pg_catalog.pg_database_size(oid)) FROM pg_catalog.pg_database "
    "  WHERE NOT datistemplate AND has_database_privilege(oid, 'CONNECT')), "
    "has_function_privilege('pg_catalog.pg_hba_file_rules()', 'EXECUTE')";

constexpr const char* kSuperusersSql =
    "SELECT rolname FROM pg_catalog.pg_roles WHERE rolsuper AND rolcanlogin ORDER BY rolname";

constexpr const char* kPublicCreateSql =
    "SELECT has_schema_privilege('public', oid, 'CREATE') FROM pg_catalog.pg_namespace "
    "WHERE nspname = 'public'";

constexpr const char* kHbaSql =
    "SELECT line_number, type, array_to_string(database, ','), array_to_string(user_name, ','), "
    "coalesce(address, ''), coalesce(netmask, ''), coalesce(auth_method, ''), "
    "coalesce(error, '') FROM pg_catalog.pg_hba_file_rules ORDER BY line_number";

}  // namespace

const std::vector<std::string>& audited_settings() {
  static const std::vector<std::string> names = {"listen_addresses", "ssl",
                                                 "log_connections",  "log_disconnections",
                                                 "log_statement",    "shared_preload_libraries",
                                                 "pgaudit.log",      "logging_collector",
                                                 "log_destination",  "log_filename",
                                                 "log_rotation_age", "log_truncate_on_rotation",
                                                 "server_version",   "password_encryption"};
  return names;
}

ServerFacts collect_facts(const std::string& host, uint16_t port, const PgLogin& login,
                          int timeout_seconds) {
  ServerFacts facts;
  const std::string port_text = std::to_string(port);
  const std::string timeout_text = std::to_string(std::max(1, timeout_seconds));
  // Read-only from the first statement on, and no statement may run long on a busy server.
  const std::string options =
      "-c default_transaction_read_only=on -c statement_timeout=5000 -c lock_timeout=1000";
  std::vector<const char*> keys = {"hostaddr",
                                   "port",
                                   "user",
                                   "dbname",
                                   "sslmode",
                                   "gssencmode",
                                   "connect_timeout",
                                   "application_name",
                                   "options",
                                   "passfile"};
  std::vector<const char*> values = {host.c_str(),
                                     port_text.c_str(),
                                     login.user.c_str(),
                                     login.database.c_str(),
                                     "prefer",
                                     "disable",
                                     timeout_text.c_str(),
                                     "paicha",
                                     options.c_str(),
                                     "/nonexistent/paicha-ignores-pgpass"};
  if (login.password) {
    keys.push_back("password");
    values.push_back(login.password->c_str());
  }
  keys.push_back(nullptr);
  values.push_back(nullptr);

  Conn conn(PQconnectdbParams(keys.data(), values.data(), 0));
  if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
    facts.error = conn ? first_line_of(PQerrorMessage(conn.get())) : "out of memory";
    return facts;
  }
  if (!login.password && PQconnectionUsedPassword(conn.get())) {
    facts.error = "the server asked for a password (PGPASSWORD was used); not a trust login";
    return facts;
  }
  facts.connected = true;
  facts.tls = PQsslInUse(conn.get()) == 1;

  bool may_read_hba = false;
  if (Result r = select(conn.get(), kIdentitySql, facts.problems); r && PQntuples(r.get()) == 1) {
    facts.current_user = text_at(r.get(), 0, 0);
    facts.database = text_at(r.get(), 0, 1);
    facts.superuser = text_at(r.get(), 0, 2) == "t";
    if (auto n = int_at(r.get(), 0, 3)) facts.database_count = static_cast<int>(*n);
    if (auto n = int_at(r.get(), 0, 4)) facts.sized_databases = static_cast<int>(*n);
    facts.total_bytes = int_at(r.get(), 0, 5);
    if (!facts.total_bytes && facts.sized_databases == 0) facts.total_bytes = 0;
    may_read_hba = text_at(r.get(), 0, 6) == "t";
  }

  // pg_settings hides superuser-only settings (shared_preload_libraries among them) from roles
  // without pg_read_all_settings: a missing name means "not readable", not "not set".
  std::string in_list;
  for (const auto& name : audited_settings()) {
    if (!in_list.empty()) in_list += ", ";
    in_list += "'" + name + "'";
  }
  const std::string settings_sql =
      "SELECT name, setting FROM pg_catalog.pg_settings WHERE name IN (" + in_list + ")";
  if (Result r = select(conn.get(), settings_sql.c_str(), facts.problems)) {
    for (int row = 0; row < PQntuples(r.get()); ++row)
      facts.settings[text_at(r.get(), row, 0)] = text_at(r.get(), row, 1);
  }

  if (Result r = select(conn.get(), kSuperusersSql, facts.problems)) {
    std::vector<std::string> names;
    for (int row = 0; row < PQntuples(r.get()); ++row) names.push_back(text_at(r.get(), row, 0));
    facts.login_superusers = std::move(names);
  }

  if (Result r = select(conn.get(), kPublicCreateSql, facts.problems)) {
    if (PQntuples(r.get()) == 1)
      facts.public_schema_create = text_at(r.get(), 0, 0) == "t";
    else
      facts.public_schema_create = false;  // no public schema at all
  }

  // Asked only when permitted, so that a plain account leaves no permission errors in the log.
  if (may_read_hba) {
    if (Result r = select(conn.get(), kHbaSql, facts.problems)) {
      std::vector<HbaRule> rules;
      for (int row = 0; row < PQntuples(r.get()); ++row) {
        HbaRule rule;
        rule.line = static_cast<int>(int_at(r.get(), row, 0).value_or(0));
        rule.type = text_at(r.get(), row, 1);
        rule.database = text_at(r.get(), row, 2);
        rule.user = text_at(r.get(), row, 3);
        rule.address = text_at(r.get(), row, 4);
        rule.netmask = text_at(r.get(), row, 5);
        rule.auth_method = text_at(r.get(), row, 6);
        rule.error = text_at(r.get(), row, 7);
        rules.push_back(std::move(rule));
      }
      facts.hba = std::move(rules);
    }
  }
  return facts;
}

}  // namespace paicha::services::postgresql
