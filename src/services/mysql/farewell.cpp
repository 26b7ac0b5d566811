#include "services/mysql/farewell.h"

#include "services/mysql/wire.h"

namespace paicha::services::mysql {

std::string farewell_response(std::string_view greeting, bool after_tls) {
  std::string buffer(greeting);
  Packet packet;
  bool oversized = false;
  if (!take_packet(buffer, packet, oversized)) return "";
  auto parsed = parse_greeting_payload(packet.payload);
  if (!parsed) return "";
  const uint32_t caps = client_capabilities(parsed->capabilities, after_tls);
  return frame_packet(after_tls ? 2 : 1,
                      build_handshake_response(caps, kFarewellUser, "", parsed->auth_plugin));
}

std::string farewell_continue(std::string_view reply) {
  std::string buffer(reply);
  Packet packet;
  bool oversized = false;
  if (!take_packet(buffer, packet, oversized)) return "";
  const ServerReply parsed = parse_server_reply(packet.payload);
  if (parsed.kind == ReplyKind::auth_switch || parsed.kind == ReplyKind::auth_more_data)
    return frame_packet(static_cast<uint8_t>(packet.sequence + 1), "");
  // An anonymous account (''@'%') accepts any user name: log out properly with COM_QUIT.
  if (parsed.kind == ReplyKind::ok) return frame_packet(0, std::string(1, '\x01'));
  return "";
}

}  // namespace paicha::services::mysql
