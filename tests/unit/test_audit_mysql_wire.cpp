// Pure tests of the MySQL login codec: framing, greeting, replies, scrambles, responses.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include "services/mysql/wire.h"
#include "test_probe_helpers.h"

namespace paicha::services::mysql {
namespace {

using testing::bytes;
using testing::fixture;

std::string hash(const EVP_MD* md, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), out, &length, md, nullptr);
  return std::string(reinterpret_cast<char*>(out), length);
}

std::string xor_strings(std::string a, const std::string& b) {
  for (size_t i = 0; i < a.size(); ++i) a[i] = static_cast<char>(a[i] ^ b[i]);
  return a;
}

const std::string kScramble = "0123456789abcdefghij";

// The server's side of mysql_native_password: it stores SHA1(SHA1(password)) and checks that
// SHA1(response XOR SHA1(scramble + stored)) equals what it stores.
TEST(MysqlWire, NativeResponseVerifiesLikeTheServer) {
  const std::string password = "admin123";
  const std::string stored = hash(EVP_sha1(), hash(EVP_sha1(), password));
  const std::string response = native_password_response(password, kScramble);
  ASSERT_EQ(response.size(), 20u);
  const std::string candidate = xor_strings(response, hash(EVP_sha1(), kScramble + stored));
  EXPECT_EQ(hash(EVP_sha1(), candidate), stored);
  // A different password or scramble must not verify.
  const std::string wrong = native_password_response("admin124", kScramble);
  EXPECT_NE(hash(EVP_sha1(), xor_strings(wrong, hash(EVP_sha1(), kScramble + stored))), stored);
  // A trailing NUL on the scramble (as sent in AuthSwitchRequest) is not part of it.
  EXPECT_EQ(native_password_response(password, kScramble + '\0'), response);
  EXPECT_EQ(native_password_response("", kScramble), "");
}

// caching_sha2_password fast path: the server caches SHA256(SHA256(password)) and checks that
// SHA256(response XOR SHA256(cached + scramble)) equals it.
TEST(MysqlWire, CachingSha2ResponseVerifiesLikeTheServer) {
  const std::string password = "P@ssw0rd";
  const std::string stored = hash(EVP_sha256(), hash(EVP_sha256(), password));
  const std::string response = caching_sha2_response(password, kScramble);
  ASSERT_EQ(response.size(), 32u);
  const std::string candidate = xor_strings(response, hash(EVP_sha256(), stored + kScramble));
  EXPECT_EQ(hash(EVP_sha256(), candidate), stored);
  EXPECT_EQ(caching_sha2_response("", kScramble), "");
}

TEST(MysqlWire, AuthResponseForPlugins) {
  EXPECT_EQ(auth_response_for("mysql_native_password", "x", kScramble, false),
            native_password_response("x", kScramble));
  EXPECT_EQ(auth_response_for("caching_sha2_password", "x", kScramble, false),
            caching_sha2_response("x", kScramble));
  // The clear-text plugin only ever over TLS.
  EXPECT_FALSE(auth_response_for("mysql_clear_password", "secret", kScramble, false));
  EXPECT_EQ(auth_response_for("mysql_clear_password", "secret", kScramble, true),
            std::string("secret") + '\0');
  EXPECT_FALSE(auth_response_for("client_ed25519", "x", kScramble, true));
}

TEST(MysqlWire, TakePacketNeedsTheWholePacket) {
  std::string buffer = frame_packet(3, "hello") + frame_packet(4, "");
  std::string partial = buffer.substr(0, 6);
  Packet packet;
  bool oversized = true;
  EXPECT_FALSE(take_packet(partial, packet, oversized));
  EXPECT_FALSE(oversized);
  ASSERT_TRUE(take_packet(buffer, packet, oversized));
  EXPECT_EQ(packet.sequence, 3);
  EXPECT_EQ(packet.payload, "hello");
  ASSERT_TRUE(take_packet(buffer, packet, oversized));
  EXPECT_EQ(packet.sequence, 4);
  EXPECT_EQ(packet.payload, "");
  EXPECT_TRUE(buffer.empty());
  std::string huge = bytes({0xff, 0xff, 0xff, 0x00});
  EXPECT_FALSE(take_packet(huge, packet, oversized));
  EXPECT_TRUE(oversized);
}

// Captured from Debian 12 mariadbd 10.11.19 (no TLS configured).
TEST(MysqlWire, RealMariaDbGreeting) {
  const std::string raw = fixture("mariadb_10.11_greeting.bin");
  std::string buffer = raw;
  Packet packet;
  bool oversized = false;
  ASSERT_TRUE(take_packet(buffer, packet, oversized));
  EXPECT_EQ(packet.sequence, 0);
  const auto greeting = parse_greeting_payload(packet.payload);
  ASSERT_TRUE(greeting);
  EXPECT_NE(greeting->server_version.find("10.11.19-MariaDB"), std::string::npos);
  EXPECT_EQ(greeting->scramble.size(), 20u);
  EXPECT_EQ(greeting->scramble.find('\0'), std::string::npos);
  EXPECT_EQ(greeting->auth_plugin, "mysql_native_password");
  EXPECT_FALSE(greeting->offers_tls());
  EXPECT_TRUE(greeting->capabilities & kClientProtocol41);
  // Truncated greetings are refused, never read past their end.
  for (size_t n = 0; n < 16; ++n)
    EXPECT_FALSE(parse_greeting_payload(std::string_view(packet.payload).substr(0, n))) << n;
}

// Protocol::HandshakeV10 built from the MySQL documentation: MySQL 8 with CLIENT_SSL.
TEST(MysqlWire, MySql8GreetingWithSslAndCachingSha2) {
  std::string payload = bytes({0x0a});
  payload += std::string("8.0.35") + '\0';
  payload += bytes({0x0b, 0, 0, 0});
  payload += "abcdefgh" + bytes({0x00});
  payload += bytes({0xff, 0xff});
  payload += bytes({0xff, 0x02, 0x00});
  payload += bytes({0xff, 0xdf});
  payload += bytes({21});
  payload += std::string(10, '\0');
  payload += std::string("ijklmnopqrst") + '\0';
  payload += std::string("caching_sha2_password") + '\0';
  const auto greeting = parse_greeting_payload(payload);
  ASSERT_TRUE(greeting);
  EXPECT_EQ(greeting->server_version, "8.0.35");
  EXPECT_EQ(greeting->connection_id, 11u);
  EXPECT_EQ(greeting->scramble, "abcdefghijklmnopqrst");
  EXPECT_EQ(greeting->auth_plugin, "caching_sha2_password");
  EXPECT_TRUE(greeting->offers_tls());
}

TEST(MysqlWire, ServerReplies) {
  const ServerReply ok = parse_server_reply(bytes({0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00}));
  EXPECT_EQ(ok.kind, ReplyKind::ok);

  const ServerReply err = parse_server_reply(bytes({0xff, 0x15, 0x04}) +
                                             "#28000Access denied for user 'x'@'127.0.0.1'");
  EXPECT_EQ(err.kind, ReplyKind::error);
  EXPECT_EQ(err.error_code, 1045);
  EXPECT_EQ(err.sql_state, "28000");
  EXPECT_EQ(err.message, "Access denied for user 'x'@'127.0.0.1'");

  const ServerReply change =
      parse_server_reply(bytes({0xfe}) + "mysql_native_password" + '\0' + kScramble + '\0');
  EXPECT_EQ(change.kind, ReplyKind::auth_switch);
  EXPECT_EQ(change.plugin, "mysql_native_password");
  EXPECT_EQ(change.plugin_data, kScramble + '\0');

  EXPECT_EQ(parse_server_reply(bytes({0xfe})).plugin, "mysql_old_password");
  const ServerReply more = parse_server_reply(bytes({0x01, 0x04}));
  EXPECT_EQ(more.kind, ReplyKind::auth_more_data);
  EXPECT_EQ(more.plugin_data, bytes({0x04}));
  EXPECT_EQ(parse_server_reply("").kind, ReplyKind::other);
  EXPECT_EQ(parse_server_reply(bytes({0xff, 0x15})).kind, ReplyKind::other);  // truncated ERR
}

TEST(MysqlWire, HandshakeResponseLayout) {
  const uint32_t server_caps = 0xffffffff & ~kClientSsl;
  const uint32_t caps = client_capabilities(server_caps, false);
  EXPECT_FALSE(caps & kClientSsl);
  EXPECT_TRUE(caps & kClientPluginAuth);
  const std::string response = native_password_response("pw", kScramble);
  const std::string packet =
      build_handshake_response(caps, "admin", response, "mysql_native_password");
  ASSERT_GE(packet.size(), 32u);
  uint32_t sent_caps = 0;
  for (int i = 0; i < 4; ++i) sent_caps |= uint32_t{static_cast<uint8_t>(packet[i])} << (8 * i);
  EXPECT_EQ(sent_caps, caps);
  EXPECT_EQ(packet.substr(9, 23), std::string(23, '\0'));
  EXPECT_EQ(packet.substr(32, 6), std::string("admin") + '\0');
  EXPECT_EQ(static_cast<uint8_t>(packet[38]), 20);
  EXPECT_EQ(packet.substr(39, 20), response);
  EXPECT_EQ(packet.substr(59), std::string("mysql_native_password") + '\0');

  const std::string ssl = build_ssl_request(client_capabilities(0xffffffff, true));
  ASSERT_EQ(ssl.size(), 32u);
  EXPECT_TRUE(static_cast<uint8_t>(ssl[1]) & (kClientSsl >> 8));
}

TEST(MysqlWire, ErrorCodesMapToLoginStatus) {
  EXPECT_EQ(status_for_error(1045), LoginStatus::rejected);
  EXPECT_EQ(status_for_error(1129), LoginStatus::blocked);
  EXPECT_EQ(status_for_error(1130), LoginStatus::blocked);
  EXPECT_EQ(status_for_error(1040), LoginStatus::blocked);
  EXPECT_EQ(status_for_error(3118), LoginStatus::locked);
  EXPECT_EQ(status_for_error(1862), LoginStatus::success);
  EXPECT_EQ(status_for_error(1251), LoginStatus::unsupported);
  EXPECT_EQ(status_for_error(2013), LoginStatus::error);
}

}  // namespace
}  // namespace paicha::services::mysql
