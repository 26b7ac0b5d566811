#pragma once
// The PostgreSQL audit: trust login (unauthorized_access), budgeted password guessing over the
// raw protocol (weak_password), TLS offered / required (plaintext_transmission), and, with the
// account supplied in --creds (or the trust login itself), the logging and access-control
// settings read from pg_settings, pg_roles, pg_namespace and pg_hba_file_rules.
#include <asio/awaitable.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/check.h"
#include "services/postgresql/queries.h"

namespace paicha::services::postgresql {

// The CheckFn for services/audit_table.cpp.
asio::awaitable<void> audit_postgresql(AuditContext& context);

// Default accounts tried by weak_password.
const std::vector<std::string>& default_users();

// ---- Decisions on facts already gathered (pure, unit-tested) --------------------------------

// More login-capable superusers than this is reported: the built-in postgres account plus one
// named administrator is the usual, defensible set.
inline constexpr int kMaxLoginSuperusers = 2;
// The Cybersecurity Law (Art. 21) asks for at least six months of network logs.
inline constexpr int kMinRetentionDays = 180;

// listen_addresses names every interface ("*", "0.0.0.0" or "::").
bool listens_on_all_interfaces(std::string_view listen_addresses);

// How long PostgreSQL's own log files survive before log_truncate_on_rotation overwrites them,
// in minutes; nullopt when the settings never overwrite (or it cannot be told). Files are
// truncated only when a time-based rotation moves to a different file name, so the retention is
// the period after which log_filename's strftime pattern repeats ('%a': 7 days, '%d': a month,
// '%H': a day), provided log_rotation_age is shorter than that period.
std::optional<int> log_retention_minutes(const std::map<std::string, std::string>& settings);

// pg_hba.conf lines.
bool hba_open_to_world(const HbaRule& rule);  // 0.0.0.0/0, ::/0 or "all", not reject
bool hba_weak_method(const HbaRule& rule);    // trust, password or md5
// A plaintext-capable (host, hostnogssenc) line for non-loopback addresses, not reject.
bool hba_plaintext_remote(const HbaRule& rule);
// "host all all 0.0.0.0/0 md5"
std::string describe_hba_rule(const HbaRule& rule);

// Reports the configuration findings (logging, retention, listen, superusers, public schema,
// pg_hba) that `facts` prove, and notes what could not be read.
void report_configuration(AuditContext& context, const ServerFacts& facts);

// "12.3 MB"

}  // namespace paicha::services::postgresql
