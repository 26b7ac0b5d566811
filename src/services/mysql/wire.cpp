#include "services/mysql/wire.h"

#include <openssl/evp.h>

#include <algorithm>

#include "services/probe_util.h"

namespace paicha::services::mysql {

namespace {

constexpr uint32_t kMaxPacketSize = 16 * 1024 * 1024;
constexpr uint8_t kCharsetUtf8 = 33;  // utf8_general_ci: known to every 4.1+ server
constexpr std::string_view kNativePlugin = "mysql_native_password";
constexpr std::string_view kCachingSha2Plugin = "caching_sha2_password";
constexpr std::string_view kClearPlugin = "mysql_clear_password";

std::string digest(const EVP_MD* md, std::string_view a, std::string_view b = {}) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  EVP_DigestInit_ex(ctx, md, nullptr);
  EVP_DigestUpdate(ctx, a.data(), a.size());
  if (!b.empty()) EVP_DigestUpdate(ctx, b.data(), b.size());
  EVP_DigestFinal_ex(ctx, out, &length);
  EVP_MD_CTX_free(ctx);
  return std::string(reinterpret_cast<const char*>(out), length);
}

std::string xor_bytes(std::string a, std::string_view b) {
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) a[i] = static_cast<char>(a[i] ^ b[i]);
  return a;
}

// The scramble the plugins hash: at most 20 bytes, without the trailing NUL some servers add.
std::string_view scramble_bytes(std::string_view data) {
  if (!data.empty() && data.back() == '\0') data.remove_suffix(1);
  return data.substr(0, 20);
}

}  // namespace

bool take_packet(std::string& buffer, Packet& out, bool& oversized) {
  oversized = false;
  if (buffer.size() < 4) return false;
  const auto* bytes = reinterpret_cast<const unsigned char*>(buffer.data());
  const size_t length = size_t{bytes[0]} | (size_t{bytes[1]} << 8) | (size_t{bytes[2]} << 16);
  if (length > kMaxLoginPacket) {
    oversized = true;
    return false;
  }
  if (buffer.size() < 4 + length) return false;
  out.sequence = bytes[3];
  out.payload.assign(buffer, 4, length);
  buffer.erase(0, 4 + length);
  return true;
}

std::string frame_packet(uint8_t sequence, std::string_view payload) {
  std::string out;
  const auto length = static_cast<uint32_t>(payload.size());
  put_u8(out, static_cast<uint8_t>(length & 0xff));
  put_u8(out, static_cast<uint8_t>((length >> 8) & 0xff));
  put_u8(out, static_cast<uint8_t>((length >> 16) & 0xff));
  put_u8(out, sequence);
  out.append(payload);
  return out;
}

std::optional<Greeting> parse_greeting_payload(std::string_view payload) {
  ByteReader reader(payload);
  uint8_t protocol = 0;
  std::string_view version;
  std::string_view part1;
  uint16_t caps_lower = 0;
  Greeting greeting;
  if (!reader.u8(protocol) || protocol != 0x0a || !reader.cstring(version) ||
      !reader.u32le(greeting.connection_id) || !reader.bytes(8, part1) || !reader.skip(1) ||
      !reader.u16le(caps_lower)) {
    return std::nullopt;
  }
  greeting.server_version = std::string(version);
  greeting.capabilities = caps_lower;
  greeting.scramble = std::string(part1);
  uint16_t status = 0;
  uint16_t caps_upper = 0;
  uint8_t auth_data_length = 0;
  if (!reader.u8(greeting.charset) || !reader.u16le(status) || !reader.u16le(caps_upper) ||
      !reader.u8(auth_data_length) || !reader.skip(10)) {
    return greeting;  // a pre-4.1 greeting ends after the lower capabilities
  }
  greeting.capabilities |= uint32_t{caps_upper} << 16;
  if (greeting.capabilities & kClientSecureConnection) {
    const size_t part2_length =
        std::max<size_t>(13, auth_data_length > 8 ? auth_data_length - 8 : 0);
    std::string_view part2;
    if (!reader.bytes(std::min(part2_length, reader.remaining()), part2)) return std::nullopt;
    greeting.scramble += std::string(scramble_bytes(part2).substr(0, 12));
  }
  if (greeting.capabilities & kClientPluginAuth) {
    std::string_view plugin;
    if (!reader.cstring(plugin)) plugin = reader.rest();  // some servers omit the NUL
    greeting.auth_plugin = std::string(plugin);
  }
  return greeting;
}

ServerReply parse_server_reply(std::string_view payload) {
  ServerReply reply;
  if (payload.empty()) return reply;
  ByteReader reader(payload.substr(1));
  switch (static_cast<uint8_t>(payload[0])) {
    case 0x00:
      reply.kind = ReplyKind::ok;
      break;
    case 0xff: {
      if (!reader.u16le(reply.error_code)) return reply;
      std::string_view rest = reader.rest();
      if (!rest.empty() && rest.front() == '#' && rest.size() >= 6) {
        reply.sql_state = std::string(rest.substr(1, 5));
        rest.remove_prefix(6);
      }
      reply.message = clean_text(rest, 200);
      reply.kind = ReplyKind::error;
      break;
    }
    case 0xfe: {
      reply.kind = ReplyKind::auth_switch;
      std::string_view plugin;
      if (payload.size() == 1) {
        reply.plugin = "mysql_old_password";  // the pre-4.1 switch request carries no name
      } else if (reader.cstring(plugin)) {
        reply.plugin = std::string(plugin);
        reply.plugin_data = std::string(reader.rest());
      } else {
        reply.plugin = std::string(reader.rest());
      }
      break;
    }
    case 0x01:
      reply.kind = ReplyKind::auth_more_data;
      reply.plugin_data = std::string(reader.rest());
      break;
    default:
      break;
  }
  return reply;
}

std::string native_password_response(std::string_view password, std::string_view scramble) {
  if (password.empty()) return {};
  const std::string stage1 = digest(EVP_sha1(), password);
  const std::string stage2 = digest(EVP_sha1(), stage1);
  return xor_bytes(stage1, digest(EVP_sha1(), scramble_bytes(scramble), stage2));
}

std::string caching_sha2_response(std::string_view password, std::string_view scramble) {
  if (password.empty()) return {};
  const std::string stage1 = digest(EVP_sha256(), password);
  const std::string stage2 = digest(EVP_sha256(), stage1);
  return xor_bytes(stage1, digest(EVP_sha256(), stage2, scramble_bytes(scramble)));
}

std::optional<std::string> auth_response_for(std::string_view plugin, std::string_view password,
                                             std::string_view scramble, bool over_tls) {
  if (plugin == kNativePlugin || plugin.empty())
    return native_password_response(password, scramble);
  if (plugin == kCachingSha2Plugin) return caching_sha2_response(password, scramble);
  if (plugin == kClearPlugin && over_tls) return std::string(password) + '\0';
  return std::nullopt;
}

uint32_t client_capabilities(uint32_t server_capabilities, bool tls) {
  uint32_t caps = kClientLongPassword | kClientProtocol41 | kClientTransactions;
  caps |= server_capabilities & (kClientSecureConnection | kClientPluginAuth);
  if (tls) caps |= kClientSsl;
  return caps;
}

namespace {

// The part HandshakeResponse41 and SSLRequest share.
std::string fixed_part(uint32_t capabilities) {
  std::string out;
  put_u32le(out, capabilities);
  put_u32le(out, kMaxPacketSize);
  put_u8(out, kCharsetUtf8);
  out.append(23, '\0');
  return out;
}

}  // namespace

std::string build_ssl_request(uint32_t capabilities) {
  return fixed_part(capabilities | kClientSsl);
}

std::string build_handshake_response(uint32_t capabilities, std::string_view user,
                                     std::string_view auth_response, std::string_view plugin) {
  std::string out = fixed_part(capabilities);
  out.append(user);
  out.push_back('\0');
  const std::string_view response = auth_response.substr(0, 250);  // 1-byte length form
  put_u8(out, static_cast<uint8_t>(response.size()));
  out.append(response);
  if (capabilities & kClientPluginAuth) {
    out.append(plugin);
    out.push_back('\0');
  }
  return out;
}

LoginStatus status_for_error(uint16_t code) {
  switch (code) {
    case 1045:  // ER_ACCESS_DENIED_ERROR
    case 1698:  // ER_ACCESS_DENIED_NO_PASSWORD_ERROR
      return LoginStatus::rejected;
    case 1862:  // ER_MUST_CHANGE_PASSWORD_LOGIN: the password was right, it has expired
      return LoginStatus::success;
    case 1203:  // ER_TOO_MANY_USER_CONNECTIONS
    case 1226:  // ER_USER_LIMIT_REACHED
    case 3118:  // MySQL ER_ACCOUNT_HAS_BEEN_LOCKED
    case 3955:  // MySQL: blocked by FAILED_LOGIN_ATTEMPTS / PASSWORD_LOCK_TIME
    case 4151:  // MariaDB ER_ACCOUNT_LOCKED
      return LoginStatus::locked;
    case 1040:  // ER_CON_COUNT_ERROR: too many connections
    case 1129:  // ER_HOST_IS_BLOCKED
    case 1130:  // ER_HOST_NOT_PRIVILEGED
      return LoginStatus::blocked;
    case 1251:  // ER_NOT_SUPPORTED_AUTH_MODE
      return LoginStatus::unsupported;
    default:
      return LoginStatus::error;
  }
}

}  // namespace paicha::services::mysql
