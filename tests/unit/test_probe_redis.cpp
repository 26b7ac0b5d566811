#include <gtest/gtest.h>

#include "services/redis/probe.h"
#include "test_probe_helpers.h"

namespace paicha::services::redis {
namespace {

using testing::fixture;

TEST(RedisProbe, RequestIsRespInfoServer) {
  EXPECT_EQ(info_request(), "*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n");
}

// Captured from Debian 12 redis-server 7.0.15 on loopback.
TEST(RedisProbe, RealInfoServerReply) {
  const std::string reply = fixture("redis_info_server_7.0.15.bin");
  ASSERT_GT(reply.size(), 500u);
  const ParseResult r = parse_info_reply(reply);
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.service, "redis");
  EXPECT_EQ(r.id.product, "Redis");
  EXPECT_EQ(r.id.version, "7.0.15");
  EXPECT_EQ(r.id.tls, false);
  EXPECT_NE(r.id.info.find("mode standalone"), std::string::npos);
}

TEST(RedisProbe, TruncatedReplyWaitsForTheVersionLine) {
  const std::string reply = fixture("redis_info_server_7.0.15.bin");
  EXPECT_EQ(parse_info_reply(reply.substr(0, 3)).verdict, Verdict::need_more);
  EXPECT_EQ(parse_info_reply(reply.substr(0, 20)).verdict, Verdict::need_more);
  // "redis_version:7.0.1" must not be reported as 7.0.1.
  const size_t at = reply.find("7.0.15");
  EXPECT_EQ(parse_info_reply(reply.substr(0, at + 5)).verdict, Verdict::need_more);
}

TEST(RedisProbe, AuthErrorsStillIdentifyRedis) {
  // Captured from redis-server with requirepass.
  ParseResult r = parse_info_reply("-NOAUTH Authentication required.\r\n");
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.product, "Redis");
  EXPECT_EQ(r.id.version, "");
  EXPECT_EQ(r.id.info, "auth required");
  r = parse_info_reply(
      "-DENIED Redis is running in protected mode because protected mode is "
      "enabled and no password is set for the default user.\r\n");
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_NE(r.id.info.find("protected mode"), std::string::npos);
  EXPECT_EQ(parse_info_reply("-NOAUTH Authentication").verdict, Verdict::need_more);
}

TEST(RedisProbe, ValkeyIsNamed) {
  const std::string body =
      "# Server\r\nredis_version:7.2.4\r\nserver_name:valkey\r\n"
      "valkey_version:8.0.1\r\nredis_mode:standalone\r\n";
  const std::string reply = "$" + std::to_string(body.size()) + "\r\n" + body + "\r\n";
  const ParseResult r = parse_info_reply(reply);
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.product, "Valkey");
  EXPECT_EQ(r.id.version, "8.0.1");
}

TEST(RedisProbe, OtherRepliesAreNotRedis) {
  EXPECT_EQ(parse_info_reply("HTTP/1.1 400 Bad Request\r\n\r\n").verdict, Verdict::no_match);
  EXPECT_EQ(parse_info_reply("-ERR something else\r\n").verdict, Verdict::no_match);
  EXPECT_EQ(parse_info_reply("$5\r\nhello\r\n").verdict, Verdict::no_match);
  EXPECT_EQ(parse_info_reply("$99999999999\r\n").verdict, Verdict::no_match);
  EXPECT_EQ(parse_info_reply("ERROR\r\n").verdict, Verdict::no_match);
}

}  // namespace
}  // namespace paicha::services::redis
