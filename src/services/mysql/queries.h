#pragma once
// Authenticated, read-only look at a MySQL/MariaDB server through libmariadb (blocking: run it
// through AuditContext::blocking()). Every statement runs inside START TRANSACTION READ ONLY
// and is a SELECT or SHOW; the transaction is rolled back at the end.
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace paicha::services::mysql {

struct QueryLogin {
  std::string host;  // numeric address: never "localhost", which would mean the Unix socket
  uint16_t port = 3306;
  std::string user;
  std::string password;
  bool tls = false;  // require TLS (without certificate verification)
  std::chrono::milliseconds timeout{3000};
};

struct Account {
  std::string user;
  std::string host;
  std::vector<std::string> global_privileges;  // "Select", "Super", ... (the *_priv = 'Y' columns)
  bool locked = false;
};

struct ServerFacts {
  std::string current_user;                      // CURRENT_USER(): "root@%", "@localhost"
  std::map<std::string, std::string> variables;  // lower-case name -> value, for the ones asked
  std::map<std::string, std::string> plugins;    // lower-case plugin name -> status ("ACTIVE")
  bool plugins_readable = false;
  bool accounts_readable = false;
  std::string accounts_error;  // why mysql.user could not be read
  std::vector<Account> accounts;
};

// What an unauthenticated login can reach, for the evidence of unauthorized_access.
struct ReachableData {
  std::string current_user;
  int64_t databases = 0;  // user databases (system schemas left out)
  int64_t tables = 0;
  int64_t bytes = 0;
};

template <typename T>
struct QueryOutcome {
  std::optional<T> value;
  std::string error;  // libmariadb's message naming the statement that failed
};

// Global variables, audit plugins and accounts with their global privileges.
QueryOutcome<ServerFacts> read_server_facts(const QueryLogin& login);
QueryOutcome<ReachableData> read_reachable_data(const QueryLogin& login);

// The variables read_server_facts asks for.
const std::vector<std::string>& audited_variables();

}  // namespace paicha::services::mysql
