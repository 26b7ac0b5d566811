#pragma once
// Turns what an authenticated, read-only look at a MySQL/MariaDB server found (ServerFacts)
// into findings. Pure: no I/O, so every rule is unit-tested on synthetic facts.
#include <optional>
#include <string>
#include <vector>

#include "services/mysql/queries.h"

namespace paicha::services::mysql {

struct Verdict {
  std::string rule;
  std::string evidence;
  std::string key;  // evidence_key: stable across runs
};

// mysql.anonymous_user, mysql.remote_root, mysql.wildcard_host_global_priv, mysql.no_audit
// (general_log is part of its evidence), log.retention_short, generic.listen_all_interfaces.
std::vector<Verdict> evaluate_server_facts(const ServerFacts& facts);

// True for hosts that only allow local logins.
bool is_local_host(std::string_view host);

// Binary-log retention in seconds, or nullopt when binlogs are off or never expire.
std::optional<double> binlog_retention_seconds(const ServerFacts& facts);

// The account name as MySQL writes it: 'user'@'host'.
std::string account_name(std::string_view user, std::string_view host);

}  // namespace paicha::services::mysql
