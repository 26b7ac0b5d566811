#pragma once
// Credentials for weak-password checks and authenticated checks.
//  - Supplied logins come from --creds FILE (YAML) or the environment, never from argv.
//  - Guesses come from the bundled dictionary (data/dict/passwords.txt), each service's default
//    accounts, and unit-specific patterns built from the unit profile.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace paicha {

struct SuppliedLogin {
  std::string service;  // empty: any service
  std::string host;     // empty: any host
  uint16_t port = 0;    // 0: any port
  std::string user;
  std::string password;
  std::string database;
  std::string origin;  // "FILE:LINE", for messages
};

class CredentialStore {
 public:
  // YAML: a list of {service, host, port, user, password | password_env, database}.
  // Throws UsageError naming the file, the entry and the key that is wrong. Warns (through
  // `warn`) when the file is readable by others.
  void load_file(const std::string& path, const std::function<void(const std::string&)>& warn);
  void add(SuppliedLogin login) { logins_.push_back(std::move(login)); }
  bool empty() const { return logins_.empty(); }

  // The most specific login for this endpoint: host+port, then host+service, then service,
  // then a catch-all entry.
  std::optional<SuppliedLogin> find(const std::string& service, const std::string& host,
                                    uint16_t port) const;

 private:
  std::vector<SuppliedLogin> logins_;
};

// The password dictionary: `path` or the bundled data/dict/passwords.txt. "<empty>" is the empty
// password. Duplicates are dropped, order kept. Throws UsageError naming an unreadable file.
std::vector<std::string> load_password_list(const std::string& path = "");

// Unit-specific guesses such as "bjchyedu2019", "Bjchyedu@2024", "bjchyedu123" from the unit's
// abbreviations (ASCII, as used in domains and account names) and the last `years` years up to
// `current_year`.
std::vector<std::string> unit_password_guesses(const std::vector<std::string>& abbreviations,
                                               int current_year, int years = 8);

// Merges the dictionary with unit guesses: the first `head` dictionary entries stay first
// (the empty and the most common passwords), then the unit guesses, then the rest.
std::vector<std::string> merge_guesses(const std::vector<std::string>& dictionary,
                                       const std::vector<std::string>& unit_guesses,
                                       size_t head = 3);

}  // namespace paicha
