#pragma once
// Database addresses in the usual URI forms (postgresql://, mysql://, redis://, mongodb://,
// sqlite:///path), and their masked form: a DSN printed anywhere has its password hidden.
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

namespace paicha {

struct Dsn {
  std::string engine;    // "postgresql", "mysql", "redis", "mongodb", "sqlite"
  std::string user;      // percent-decoded; empty when not given
  std::string password;  // percent-decoded; empty when not given
  bool has_password = false;
  std::string host;      // IPv6 without brackets; empty for sqlite
  uint16_t port = 0;     // the engine's default when not given; 0 for sqlite
  std::string database;  // path part without the leading "/"; the file path for sqlite
  std::map<std::string, std::string> params;  // query string, percent-decoded

  // The DSN as given, with the password replaced by "****" (and its user kept).
  std::string masked() const;
  // engine://host:port, for locations and messages.
  std::string endpoint() const;

  std::string original;
};

// Parses `text`; throws UsageError naming the DSN (masked) and what is wrong with it.
Dsn parse_dsn(std::string_view text);

// `text` with the password of any user:password@ part replaced by "****"; for messages about
// strings that failed to parse.
std::string mask_dsn_text(std::string_view text);

uint16_t default_port(std::string_view engine);

}  // namespace paicha
