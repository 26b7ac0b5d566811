#include <gtest/gtest.h>

#include "services/mysql/probe.h"
#include "test_probe_helpers.h"

namespace paicha::services::mysql {
namespace {

using testing::bytes;
using testing::fixture;

// Captured from Debian 12 mariadbd 10.11.19 (no TLS configured).
TEST(MysqlProbe, RealMariaDbGreeting) {
  const std::string greeting = fixture("mariadb_10.11_greeting.bin");
  ASSERT_EQ(greeting.size(), 104u);
  const ParseResult r = parse_greeting(greeting);
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.service, "mysql");
  EXPECT_EQ(r.id.product, "MariaDB");
  EXPECT_EQ(r.id.version, "10.11.19");
  EXPECT_EQ(r.id.tls, false);
  EXPECT_NE(r.id.info.find("mysql_native_password"), std::string::npos);
  EXPECT_TRUE(testing::every_prefix_needs_more(greeting, parse_greeting));
}

// Protocol::HandshakeV10 built from the MySQL client/server protocol documentation: MySQL 8
// with CLIENT_SSL (0x0800) and CLIENT_PLUGIN_AUTH (0x00080000) set.
TEST(MysqlProbe, MySql8GreetingWithSsl) {
  std::string payload = bytes({0x0a});
  payload += std::string("8.0.35-0ubuntu0.22.04.1") + '\0';
  payload += bytes({0x0b, 0, 0, 0});              // connection id
  payload += "abcdefgh" + bytes({0x00});          // auth-plugin-data-part-1 + filler
  payload += bytes({0xff, 0xff});                 // capability flags (lower)
  payload += bytes({0xff, 0x02, 0x00});           // charset, status
  payload += bytes({0xff, 0xdf});                 // capability flags (upper)
  payload += bytes({21});                         // auth-plugin-data length
  payload += std::string(10, '\0');               // reserved
  payload += std::string("ijklmnopqrst") + '\0';  // part 2: max(13, 21 - 8) bytes
  payload += std::string("caching_sha2_password") + '\0';
  std::string packet = bytes({static_cast<int>(payload.size()), 0, 0, 0}) + payload;
  const ParseResult r = parse_greeting(packet);
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.product, "MySQL");
  EXPECT_EQ(r.id.version, "8.0.35");
  EXPECT_EQ(r.id.tls, true);
  EXPECT_NE(r.id.info.find("caching_sha2_password"), std::string::npos);
}

// ERR_Packet at sequence 0: 0xff, error code 1130 (0x046a), message.
TEST(MysqlProbe, HostNotAllowedErrorPacket) {
  const std::string message = "Host '10.1.2.3' is not allowed to connect to this MariaDB server";
  std::string payload = bytes({0xff, 0x6a, 0x04}) + message;
  const std::string packet = bytes({static_cast<int>(payload.size()), 0, 0, 0}) + payload;
  const ParseResult r = parse_greeting(packet);
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.product, "MariaDB");
  EXPECT_EQ(r.id.version, "");
  EXPECT_EQ(r.id.info, "error 1130: " + message);
}

TEST(MysqlProbe, TooManyConnections) {
  std::string payload = bytes({0xff, 0x10, 0x04}) + "Too many connections";
  const ParseResult r =
      parse_greeting(bytes({static_cast<int>(payload.size()), 0, 0, 0}) + payload);
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.info, "error 1040: Too many connections");
}

TEST(MysqlProbe, GarbageIsNotMysql) {
  EXPECT_EQ(parse_greeting("SSH-2.0-OpenSSH_9.2p1\r\n").verdict, Verdict::no_match);
  EXPECT_EQ(parse_greeting(bytes({0x05, 0, 0, 1, 0x0a, '5', 0, 0, 0})).verdict,
            Verdict::no_match);  // sequence 1
  EXPECT_EQ(parse_greeting(bytes({0x05, 0, 0, 0, 0x0b, '5', 0, 0, 0})).verdict,
            Verdict::no_match);  // protocol 11
  EXPECT_EQ(parse_greeting(bytes({0x05, 0, 0, 0, 0x0a, 'x', 0, 0, 0})).verdict,
            Verdict::no_match);  // not a version
}

}  // namespace
}  // namespace paicha::services::mysql
