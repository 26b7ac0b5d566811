#include "services/oracle/probe.h"

#include <optional>

#include <fmt/format.h>

#include "services/probe_util.h"

namespace paicha::services::oracle {

namespace {

constexpr size_t kHeaderSize = 8;
constexpr uint16_t kConnectDataOffset = 58;  // header + fixed CONNECT fields below
constexpr uint16_t kMaxReply = 8192;
constexpr std::string_view kConnectData = "(CONNECT_DATA=(COMMAND=version))";

// Digits after "KEY=" in the listener's (DESCRIPTION=...) text.
std::optional<uint64_t> number_after(std::string_view text, std::string_view key) {
  const size_t at = text.find(key);
  if (at == std::string_view::npos) return std::nullopt;
  uint64_t value = 0;
  size_t n = 0;
  for (size_t i = at + key.size(); i < text.size() && n < 12; ++i, ++n) {
    const char c = text[i];
    if (c < '0' || c > '9') break;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  if (n == 0) return std::nullopt;
  return value;
}

}  // namespace

std::string version_connect_request() {
  std::string p;
  put_u16be(p, static_cast<uint16_t>(kConnectDataOffset + kConnectData.size()));  // length
  put_u16be(p, 0);                                                                // packet checksum
  put_u8(p, kPacketConnect);                                                      // type
  put_u8(p, 0);                                                                   // reserved
  put_u16be(p, 0);                                                                // header checksum
  put_u16be(p, 0x0136);                                                           // version 310
  put_u16be(p, 0x012c);  // lowest compatible version 300
  put_u16be(p, 0);       // service options
  put_u16be(p, 0x0800);  // session data unit size
  put_u16be(p, 0x7fff);  // maximum transmission data unit size
  put_u16be(p, 0x7f08);  // NT protocol characteristics
  put_u16be(p, 0);       // line turnaround value
  put_u16be(p, 1);       // value of 1 in hardware (byte order check)
  put_u16be(p, static_cast<uint16_t>(kConnectData.size()));
  put_u16be(p, kConnectDataOffset);
  put_u32be(p, 0);                                // maximum receivable connect data
  put_u8(p, 0);                                   // connect flags 0
  put_u8(p, 0);                                   // connect flags 1
  p.append(kConnectDataOffset - p.size(), '\0');  // trace facility and connection ids
  p += kConnectData;
  return p;
}

std::string decode_vsnnum(uint32_t v) {
  std::string out =
      fmt::format("{}.{}.{}.{}", v >> 24, (v >> 20) & 0xf, (v >> 12) & 0xff, (v >> 8) & 0xf);
  if ((v & 0xff) != 0) out += fmt::format(".{}", v & 0xff);
  return out;
}

ParseResult parse_tns_reply(std::string_view reply) {
  ByteReader header(reply);
  uint16_t length = 0, checksum = 0;
  uint8_t type = 0, reserved = 0;
  if (!header.u16be(length)) return ParseResult::more();
  if (length < kHeaderSize || length > kMaxReply) return ParseResult::no();
  if (!header.u16be(checksum) || !header.u8(type) || !header.u8(reserved)) {
    return ParseResult::more();
  }
  if (checksum != 0 || reserved != 0) return ParseResult::no();
  if (type != kPacketAccept && type != kPacketRefuse && type != kPacketRedirect &&
      type != kPacketData && type != kPacketResend) {
    return ParseResult::no();
  }
  if (reply.size() < length) return ParseResult::more();
  const std::string_view body = reply.substr(kHeaderSize, length - kHeaderSize);

  Identification id;
  id.service = "oracle";
  id.product = "Oracle TNS listener";
  const auto vsnnum = number_after(body, "VSNNUM=");
  if (vsnnum && *vsnnum <= 0xffffffffu) id.version = decode_vsnnum(static_cast<uint32_t>(*vsnnum));
  if (id.version.empty()) {
    // DATA reply to COMMAND=version: "TNSLSNR for Linux: Version 11.2.0.2.0 - Production".
    const size_t at = body.find("Version ");
    if (at != std::string_view::npos)
      id.version = std::string(numeric_version(body.substr(at + 8)));
  }
  const bool described = body.find("(DESCRIPTION=") != std::string_view::npos;
  const bool banner = body.find("TNSLSNR") != std::string_view::npos;
  if (type == kPacketData && !banner && id.version.empty()) return ParseResult::no();
  if ((type == kPacketRefuse || type == kPacketRedirect) && !described) return ParseResult::no();
  if (type == kPacketAccept) {
    // ACCEPT starts with the negotiated protocol version (300..319 in every release).
    ByteReader accept(body);
    uint16_t version = 0;
    if (!accept.u16be(version) || version < 300 || version > 319) return ParseResult::no();
    id.info = "accept";
  }
  if (type == kPacketResend) id.info = "resend";
  if (type == kPacketRefuse) id.info = "refuse";
  if (const auto err = number_after(body, "ERR=")) {
    append_info(id.info, fmt::format("TNS-{}", *err));
  }
  return ParseResult::match(cleaned(id));
}

}  // namespace paicha::services::oracle
