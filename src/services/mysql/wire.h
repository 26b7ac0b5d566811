#pragma once
// The MySQL client/server protocol, as far as a login needs it: packet framing, the initial
// handshake (protocol 10), HandshakeResponse41, SSLRequest, the server's answers (OK, ERR,
// AuthSwitchRequest, AuthMoreData), the two scramble algorithms, and an asynchronous login
// that always completes the exchange.
//
// Why raw bytes rather than libmariadb for logins: guessing must be fast (many logins in
// flight on one thread) and must end every handshake properly. An aborted handshake counts
// towards the server's max_connect_errors and can get the inspecting host blocked.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "services/mysql/probe.h"

namespace paicha::services::mysql {

inline constexpr uint32_t kClientLongPassword = 0x00000001;
inline constexpr uint32_t kClientProtocol41 = 0x00000200;
inline constexpr uint32_t kClientTransactions = 0x00002000;
inline constexpr uint32_t kClientSecureConnection = 0x00008000;

// A hostile server could announce a 16 MB packet; a login never needs more than this.
inline constexpr size_t kMaxLoginPacket = 64 * 1024;

struct Packet {
  uint8_t sequence = 0;
  std::string payload;
};

// Takes one whole packet off the front of `buffer`. Returns false when more bytes are needed;
// `oversized` is set when the header announces more than kMaxLoginPacket.
bool take_packet(std::string& buffer, Packet& out, bool& oversized);
std::string frame_packet(uint8_t sequence, std::string_view payload);

struct Greeting {
  std::string server_version;
  uint32_t connection_id = 0;
  uint32_t capabilities = 0;
  uint8_t charset = 0;
  std::string scramble;     // auth-plugin-data, 20 bytes for the usual plugins
  std::string auth_plugin;  // may be empty (pre-4.1 servers)
  bool offers_tls() const { return (capabilities & kClientSsl) != 0; }
};

// Parses the payload (without the 4-byte header) of a protocol-10 handshake.
std::optional<Greeting> parse_greeting_payload(std::string_view payload);

enum class ReplyKind { ok, error, auth_switch, auth_more_data, other };

struct ServerReply {
  ReplyKind kind = ReplyKind::other;
  uint16_t error_code = 0;
  std::string sql_state;
  std::string message;      // ERR message
  std::string plugin;       // AuthSwitchRequest
  std::string plugin_data;  // AuthSwitchRequest scramble or AuthMoreData bytes
};

// Classifies the payload of a packet the server sends during authentication.
ServerReply parse_server_reply(std::string_view payload);

// SHA1(password) XOR SHA1(scramble + SHA1(SHA1(password))); empty for an empty password.
std::string native_password_response(std::string_view password, std::string_view scramble);
// SHA256(password) XOR SHA256(SHA256(SHA256(password)) + scramble); empty for an empty password.
std::string caching_sha2_response(std::string_view password, std::string_view scramble);
// The response a plugin expects to its scramble, or nullopt for plugins this client cannot
// speak (ed25519, GSSAPI, ...). mysql_clear_password only when `over_tls`.
std::optional<std::string> auth_response_for(std::string_view plugin, std::string_view password,
                                             std::string_view scramble, bool over_tls);

uint32_t client_capabilities(uint32_t server_capabilities, bool tls);
std::string build_ssl_request(uint32_t capabilities);
std::string build_handshake_response(uint32_t capabilities, std::string_view user,
                                     std::string_view auth_response, std::string_view plugin);

// What a finished login exchange showed.
enum class LoginStatus {
  success,      // OK packet: the credential works
  rejected,     // ERR 1045 access denied
  locked,       // the account is locked or password-locked: stop trying it
  blocked,      // host blocked, host not allowed, too many connections: stop everything
  unsupported,  // the server wants an auth method not spoken here (or not over plaintext)
  error,        // network failure, timeout, malformed reply
};

// Maps an ERR packet of the authentication phase to a status.
LoginStatus status_for_error(uint16_t code);

}  // namespace paicha::services::mysql
