// Feeds arbitrary server bytes to the MySQL login codec: packet framing, the greeting and the
// replies of the authentication phase. Server text that reaches reports must stay valid UTF-8.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "services/mysql/wire.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace paicha::services::mysql;
  std::string buffer(reinterpret_cast<const char*>(data), size);
  Packet packet;
  bool oversized = false;
  bool first = true;
  while (take_packet(buffer, packet, oversized)) {
    if (first) {
      if (auto greeting = parse_greeting_payload(packet.payload)) {
        (void)greeting->offers_tls();
        (void)auth_response_for(greeting->auth_plugin, "password", greeting->scramble, false);
        (void)build_handshake_response(client_capabilities(greeting->capabilities, false), "root",
                                       native_password_response("x", greeting->scramble),
                                       greeting->auth_plugin);
      }
      first = false;
    }
    const ServerReply reply = parse_server_reply(packet.payload);
    if (reply.kind == ReplyKind::error) {
      nlohmann::json j{{"message", reply.message}};
      (void)j.dump();  // throws on invalid UTF-8
      (void)status_for_error(reply.error_code);
    }
    if (reply.kind == ReplyKind::auth_switch)
      (void)auth_response_for(reply.plugin, "password", reply.plugin_data, true);
  }
  return 0;
}
