#include "services/postgresql/probe.h"

#include <array>
#include <map>

#include <fmt/format.h>

#include "services/probe_util.h"

namespace paicha::services::postgresql {

namespace {

constexpr uint32_t kMaxErrorLength = 4096;

struct Fingerprint {
  std::string_view file;
  std::string_view line;
  std::string_view routine;
  std::string_view release;
};

// Where each release raises the "unsupported frontend protocol" error. Only entries verified
// against a real server belong here: the Debian 12 package, PostgreSQL 15.18.
constexpr std::array<Fingerprint, 1> kFingerprints{{
    {"postmaster.c", "2222", "ProcessStartupPacket", "15"},
}};

bool is_field_code(char c) {
  // Field codes of ErrorResponse (protocol docs, "Error and Notice Message Fields").
  constexpr std::string_view kCodes = "SVCMDHPpqWstcdnFLR";
  return kCodes.find(c) != std::string_view::npos;
}

}  // namespace

std::string unsupported_startup_request() {
  std::string out;
  put_u32be(out, 8);
  put_u32be(out, kUnsupportedProtocol);
  return out;
}

std::string ssl_request() {
  std::string out;
  put_u32be(out, 8);
  put_u32be(out, kSslRequestCode);
  return out;
}

ParseResult parse_error_reply(std::string_view reply) {
  if (reply.empty()) return ParseResult::more();
  if (reply[0] != 'E') return ParseResult::no();
  ByteReader reader(reply.substr(1));
  uint32_t length = 0;
  if (!reader.u32be(length)) {
    // The first length byte of a short error message is zero.
    if (reply.size() >= 2 && reply[1] != 0) return ParseResult::no();
    return ParseResult::more();
  }
  if (length < 5 || length > kMaxErrorLength) return ParseResult::no();
  std::string_view body;
  if (!reader.bytes(length - 4, body)) return ParseResult::more();

  std::map<char, std::string_view> fields;
  ByteReader fr(body);
  while (true) {
    uint8_t code = 0;
    if (!fr.u8(code)) return ParseResult::no();  // the terminator is missing
    if (code == 0) break;
    std::string_view value;
    if (!is_field_code(static_cast<char>(code)) || !fr.cstring(value)) return ParseResult::no();
    fields.emplace(static_cast<char>(code), value);
  }
  if (!fields.count('S') || !fields.count('C') || !fields.count('M')) return ParseResult::no();
  if (fields['C'].size() != 5) return ParseResult::no();  // SQLSTATE

  Identification id;
  id.service = "postgresql";
  id.product = "PostgreSQL";
  const std::string_view message = fields['M'];
  if (fields['C'] == "0A000") {
    // "unsupported frontend protocol 9999.0: server supports 3.0 to 3.0"
    const size_t at = message.find("server supports ");
    if (at != std::string_view::npos) id.info = fmt::format("protocol {}", message.substr(at + 16));
  } else {
    id.info = fmt::format("{} {}", fields['C'], message);
  }
  if (fields.count('F') && fields.count('L')) {
    const std::string_view routine = fields.count('R') ? fields['R'] : std::string_view{};
    std::string where = fmt::format("{}:L{}", fields['F'], fields['L']);
    for (const auto& fp : kFingerprints) {
      if (fp.file == fields['F'] && fp.line == fields['L'] && fp.routine == routine) {
        where += fmt::format(" = PostgreSQL {}.x", fp.release);
      }
    }
    append_info(id.info, where);
  }
  return ParseResult::match(cleaned(id));
}

ParseResult parse_ssl_reply(std::string_view reply) {
  if (reply.empty()) return ParseResult::more();
  Identification id;
  id.service = "postgresql";
  if (reply[0] == 'S') {
    id.tls = true;
  } else if (reply[0] == 'N') {
    id.tls = false;
  } else {
    return ParseResult::no();
  }
  return ParseResult::match(id);
}

}  // namespace paicha::services::postgresql
