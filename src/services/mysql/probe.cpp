#include "services/mysql/probe.h"

#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "services/probe_util.h"

namespace paicha::services::mysql {

namespace {

// A greeting is small (version string, 20 bytes of scramble, a plugin name): anything larger
// is not a MySQL handshake.
constexpr uint32_t kMaxGreeting = 1024;

Identification mysql_id() {
  Identification id;
  id.service = "mysql";
  id.product = "MySQL";
  return id;
}

bool printable(std::string_view text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7e) return false;
  }
  return true;
}

// "5.5.5-10.11.19-MariaDB-0+deb12u1": MariaDB prefixes 5.5.5- for old clients.
void read_server_version(std::string_view text, Identification& id) {
  const size_t mariadb = text.find("MariaDB");
  const size_t tidb = text.find("-TiDB-");
  if (mariadb != std::string_view::npos) {
    id.product = "MariaDB";
    std::string_view v = text;
    if (v.substr(0, 6) == "5.5.5-") v.remove_prefix(6);
    id.version = std::string(numeric_version(v));
  } else if (tidb != std::string_view::npos) {
    id.product = "TiDB";
    std::string_view v = text.substr(tidb + 6);
    if (!v.empty() && v.front() == 'v') v.remove_prefix(1);
    id.version = std::string(numeric_version(v));
  } else {
    id.version = std::string(numeric_version(text));
  }
}

ParseResult parse_error_packet(ByteReader& payload) {
  uint16_t code = 0;
  if (!payload.u16le(code)) return ParseResult::no();
  std::string_view message = payload.rest();
  if (!message.empty() && message.front() == '#' && message.size() >= 6) message.remove_prefix(6);
  // Error codes of the 1xxx (server) and 2xxx (client) ranges only; the text must be readable.
  if (code < 1000 || code > 2999 || message.empty()) return ParseResult::no();
  Identification id = mysql_id();
  if (message.find("MariaDB") != std::string_view::npos) id.product = "MariaDB";
  id.info = fmt::format("error {}: {}", code, message);
  return ParseResult::match(cleaned(id));
}

ParseResult parse_handshake_v10(ByteReader& payload) {
  std::string_view version;
  if (!payload.cstring(version) || version.empty() || version.size() > 100 || !printable(version) ||
      version.front() < '0' || version.front() > '9') {
    return ParseResult::no();
  }
  uint32_t connection_id = 0;
  uint8_t filler = 0;
  uint16_t caps_lower = 0;
  if (!payload.u32le(connection_id) || !payload.skip(8) || !payload.u8(filler) || filler != 0 ||
      !payload.u16le(caps_lower)) {
    return ParseResult::no();
  }
  Identification id = mysql_id();
  read_server_version(version, id);
  uint32_t caps = caps_lower;
  uint8_t charset = 0;
  uint16_t status = 0;
  uint16_t caps_upper = 0;
  uint8_t auth_data_len = 0;
  std::string plugin;
  if (payload.u8(charset) && payload.u16le(status) && payload.u16le(caps_upper)) {
    caps |= uint32_t{caps_upper} << 16;
    if (payload.u8(auth_data_len) && payload.skip(10)) {
      const size_t part2 = auth_data_len > 8 ? std::max<size_t>(13, auth_data_len - 8) : 13;
      std::string_view name;
      if ((caps & kClientPluginAuth) && payload.skip(part2)) {
        if (payload.cstring(name) || !(name = payload.rest()).empty()) plugin = std::string(name);
      }
    }
  }
  id.tls = (caps & kClientSsl) != 0;
  id.info = "protocol 10";
  if (!plugin.empty()) append_info(id.info, "auth " + plugin);
  append_info(id.info, *id.tls ? "SSL offered" : "SSL not offered");
  return ParseResult::match(cleaned(id));
}

}  // namespace

ParseResult parse_greeting(std::string_view greeting) {
  ByteReader reader(greeting);
  uint8_t b0 = 0, b1 = 0, b2 = 0, seq = 0;
  if (!reader.u8(b0) || !reader.u8(b1) || !reader.u8(b2) || !reader.u8(seq)) {
    // Too short to judge, unless the length bytes already rule it out.
    if (greeting.size() >= 3 && greeting[2] != 0) return ParseResult::no();
    return ParseResult::more();
  }
  const uint32_t length = uint32_t{b0} | (uint32_t{b1} << 8) | (uint32_t{b2} << 16);
  if (seq != 0 || length < 3 || length > kMaxGreeting) return ParseResult::no();
  const auto kind = static_cast<uint8_t>(greeting.size() > 4 ? greeting[4] : 0x0a);
  if (kind != 0x0a && kind != 0xff) return ParseResult::no();
  std::string_view payload_bytes;
  if (!reader.bytes(length, payload_bytes)) return ParseResult::more();
  ByteReader payload(payload_bytes);
  payload.skip(1);
  return kind == 0xff ? parse_error_packet(payload) : parse_handshake_v10(payload);
}

}  // namespace paicha::services::mysql
