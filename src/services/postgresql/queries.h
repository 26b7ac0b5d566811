#pragma once
// Authenticated, read-only facts about a PostgreSQL server, gathered with libpq (blocking: run
// it through AuditContext::blocking()). The session starts with
// default_transaction_read_only=on and a statement_timeout, so even a mistaken statement could
// not write; only SELECTs on catalogue views and settings are sent.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace paicha::services::postgresql {

struct PgLogin {
  std::string user;
  std::optional<std::string> password;  // nullopt: log in without one (trust)
  std::string database = "postgres";
};

// One line of pg_hba.conf as the server parsed it (pg_hba_file_rules).
struct HbaRule {
  int line = 0;
  std::string type;         // local, host, hostssl, hostnossl, hostgssenc, hostnogssenc
  std::string database;     // comma-separated
  std::string user;         // comma-separated
  std::string address;      // "0.0.0.0", "all", "samenet", a host name, or empty for local
  std::string netmask;      // "0.0.0.0" for /0; empty when the address had a CIDR-less form
  std::string auth_method;  // trust, reject, scram-sha-256, md5, password, peer, ...
  std::string error;        // the server could not parse this line
};

struct ServerFacts {
  bool connected = false;
  std::string error;  // why the connection failed
  std::string current_user;
  std::string database;
  bool superuser = false;
  bool tls = false;                             // the libpq session itself ran over TLS
  std::optional<int> database_count;            // non-template databases
  std::optional<int> sized_databases;           // of which pg_database_size could be read
  std::optional<int64_t> total_bytes;           // their total size
  std::map<std::string, std::string> settings;  // the ones readable by this account
  std::optional<std::vector<std::string>> login_superusers;
  std::optional<bool> public_schema_create;  // PUBLIC has CREATE on schema public (this database)
  std::optional<std::vector<HbaRule>> hba;   // nullopt when this account may not read it
  std::vector<std::string> problems;         // queries that failed, for notes
};

// The pg_settings names read by collect_facts().
const std::vector<std::string>& audited_settings();

// Connects to host:port (a numeric address) with libpq, sslmode=prefer, and reads every fact it
// may. Never throws. When `login.password` is nullopt the connection must succeed without a
// password (PGPASSWORD and ~/.pgpass are ignored); otherwise the given password is used.
ServerFacts collect_facts(const std::string& host, uint16_t port, const PgLogin& login,
                          int timeout_seconds);

}  // namespace paicha::services::postgresql
