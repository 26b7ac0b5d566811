#pragma once
// A network service found by discovery and (possibly) named by identification.
#include <cstdint>
#include <optional>
#include <string>

namespace paicha {

struct Asset {
  std::string host;      // textual address as probed ("127.0.0.1", "::1")
  std::string hostname;  // the name the user gave, when the target was a host name
  uint16_t port = 0;
  std::string service = "unknown";  // "redis", "mysql", ..., or "unknown"
  std::string product;              // "Redis", "MariaDB", ...
  std::string version;              // "7.0.15"; empty when the service does not reveal it
  std::optional<bool> tls;          // TLS offered on this port; nullopt when not determinable
  std::string banner;               // first bytes seen, escaped; kept for unknown services
  std::string info;                 // protocol details worth showing (auth required, caps...)
};

}  // namespace paicha
