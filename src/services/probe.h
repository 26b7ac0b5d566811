#pragma once
// Identification probes: what paicha sends to an open port and how it reads the reply.
//
// Probes are data plus pure parsing functions, so they can be unit-tested against byte-exact
// replies and fuzzed; the network driver (net/identify.*) owns all I/O. A probe never decides
// from the port number: ports only order the probes so the likely one is tried first.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace paicha::services {

struct Identification {
  std::string service;      // "redis", "mysql", "postgresql", "mongodb", "http", ...
  std::string product;      // "Redis", "MariaDB", "MySQL", "PostgreSQL", "Elasticsearch", ...
  std::string version;      // exact version when the service reveals it, else empty
  std::optional<bool> tls;  // what the reply proves about TLS on this port, if anything
  std::string info;         // short details: "auth required", "protocol 10", capabilities ...
};

enum class Verdict {
  no_match,   // this reply is not from this service: try the next probe
  need_more,  // a plausible but incomplete reply: keep reading (until timeout/EOF)
  matched,    // identified
};

struct ParseResult {
  Verdict verdict = Verdict::no_match;
  Identification id;

  static ParseResult no() { return {}; }
  static ParseResult more() { return {Verdict::need_more, {}}; }
  static ParseResult match(Identification id) { return {Verdict::matched, std::move(id)}; }
};

using ParseFn = ParseResult (*)(std::string_view reply);

struct ProbeSpec {
  std::string_view name;     // unique, e.g. "redis-info"
  std::string_view service;  // the service this probe recognises ("http" for generic HTTP)
  // Bytes to send once connected. Empty: send nothing and parse what the server says first.
  std::string request;
  // The server greets first (FTP, SMTP): read its greeting before sending `request`; the
  // greeting is not passed to `parse`.
  bool read_greeting_first = false;
  // A follow-up runs only after `service` was identified, on a new connection, to add details
  // (TLS support, an exact version). Its non-empty fields override the first identification.
  bool followup = false;
  std::vector<uint16_t> likely_ports;  // ordering hint only
  ParseFn parse = nullptr;
};

// Every probe, primary ones first in a sensible default order.
const std::vector<ProbeSpec>& probe_table();

// Greetings that servers send unprompted on connect (SSH, FTP, SMTP, MySQL, Telnet, ...).
ParseResult match_greeting(std::string_view greeting);

// Ports where TLS is usually spoken from the first byte (443, 8443, 9243, 6380 ...): the
// driver tries a TLS handshake first there.
bool is_likely_tls_port(uint16_t port);

// Escapes arbitrary bytes for display: printable ASCII kept, \r \n \t, everything else \xHH.
// At most `max_bytes` of input are rendered.
std::string escape_banner(std::string_view bytes, size_t max_bytes = 64);

}  // namespace paicha::services
