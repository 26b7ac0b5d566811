#include "services/mssql/probe.h"

#include <array>
#include <optional>

#include <fmt/format.h>

#include "services/probe_util.h"

namespace paicha::services::mssql {

namespace {

constexpr size_t kHeaderSize = 8;
constexpr uint16_t kMaxReply = 4096;

enum Token : uint8_t {
  kVersion = 0x00,
  kEncryption = 0x01,
  kInstOpt = 0x02,
  kThreadId = 0x03,
  kMars = 0x04,
  kTerminator = 0xff,
};

struct Option {
  uint8_t token;
  std::string data;
};

}  // namespace

std::string prelogin_request() {
  const std::array<Option, 5> options{{
      {kVersion, std::string(6, '\0')},  // UL_VERSION + US_SUBBUILD of the client: 0.0.0
      {kEncryption, std::string(1, static_cast<char>(Encryption::off))},
      {kInstOpt, std::string(1, '\0')},  // empty instance name (NUL-terminated)
      {kThreadId, std::string(4, '\0')},
      {kMars, std::string(1, '\0')},
  }};
  // Option table: 5 bytes per option (token, USHORT offset, USHORT length), then 0xFF; the
  // offsets count from the start of the payload.
  std::string table;
  std::string data;
  const size_t table_size = options.size() * 5 + 1;
  for (const auto& option : options) {
    put_u8(table, option.token);
    put_u16be(table, static_cast<uint16_t>(table_size + data.size()));
    put_u16be(table, static_cast<uint16_t>(option.data.size()));
    data += option.data;
  }
  put_u8(table, kTerminator);

  std::string packet;
  put_u8(packet, kPacketPrelogin);
  put_u8(packet, 0x01);  // status: end of message
  put_u16be(packet, static_cast<uint16_t>(kHeaderSize + table.size() + data.size()));
  put_u16be(packet, 0);  // SPID
  put_u8(packet, 1);     // PacketID
  put_u8(packet, 0);     // Window
  return packet + table + data;
}

std::string release_name(int major, int minor) {
  switch (major) {
    case 8:
      return "SQL Server 2000";
    case 9:
      return "SQL Server 2005";
    case 10:
      return minor >= 50 ? "SQL Server 2008 R2" : "SQL Server 2008";
    case 11:
      return "SQL Server 2012";
    case 12:
      return "SQL Server 2014";
    case 13:
      return "SQL Server 2016";
    case 14:
      return "SQL Server 2017";
    case 15:
      return "SQL Server 2019";
    case 16:
      return "SQL Server 2022";
    default:
      return {};
  }
}

ParseResult parse_prelogin_reply(std::string_view reply) {
  ByteReader header(reply);
  uint8_t type = 0, status = 0;
  uint16_t length = 0;
  if (!header.u8(type)) return ParseResult::more();
  if (type != kPacketTabularResult) return ParseResult::no();
  if (!header.u8(status) || !header.u16be(length)) return ParseResult::more();
  if (length < kHeaderSize + 1 || length > kMaxReply) return ParseResult::no();
  if (reply.size() < length) return ParseResult::more();
  const std::string_view payload = reply.substr(kHeaderSize, length - kHeaderSize);

  std::optional<std::string_view> version;
  std::optional<uint8_t> encryption;
  ByteReader table(payload);
  while (true) {
    uint8_t token = 0;
    uint16_t offset = 0, size = 0;
    if (!table.u8(token)) return ParseResult::no();
    if (token == kTerminator) break;
    if (!table.u16be(offset) || !table.u16be(size)) return ParseResult::no();
    if (size_t{offset} + size > payload.size()) return ParseResult::no();
    const std::string_view data = payload.substr(offset, size);
    if (token == kVersion && size >= 6) version = data;
    if (token == kEncryption && size >= 1) encryption = static_cast<uint8_t>(data[0]);
  }
  if (!version) return ParseResult::no();

  Identification id;
  id.service = "mssql";
  id.product = "Microsoft SQL Server";
  ByteReader vr(*version);
  uint8_t major = 0, minor = 0;
  uint16_t build = 0;
  vr.u8(major);
  vr.u8(minor);
  vr.u16be(build);
  id.version = fmt::format("{}.{}.{}", major, minor, build);
  id.info = release_name(major, minor);
  if (encryption) {
    switch (static_cast<Encryption>(*encryption & 0x0f)) {
      case Encryption::off:
        id.tls = false;
        append_info(id.info, "encryption off (login only)");
        break;
      case Encryption::on:
        id.tls = true;
        append_info(id.info, "encryption on");
        break;
      case Encryption::not_supported:
        id.tls = false;
        append_info(id.info, "encryption not supported");
        break;
      case Encryption::required:
        id.tls = true;
        append_info(id.info, "encryption required");
        break;
      default:
        break;
    }
  }
  return ParseResult::match(id);
}

}  // namespace paicha::services::mssql
