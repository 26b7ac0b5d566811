#include <gtest/gtest.h>

#include "services/postgresql/probe.h"
#include "test_probe_helpers.h"

namespace paicha::services::postgresql {
namespace {

using testing::bytes;
using testing::fixture;

TEST(PostgresqlProbe, RequestBytes) {
  // StartupMessage: Int32 length 8, Int32 protocol (9999 << 16) | 0.
  EXPECT_EQ(unsupported_startup_request(), bytes({0, 0, 0, 8, 0x27, 0x0f, 0, 0}));
  // SSLRequest: Int32 8, Int32 80877103 (0x04d2162f).
  EXPECT_EQ(ssl_request(), bytes({0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f}));
}

// Captured from Debian 12 PostgreSQL 15.18 answering the 9999.0 StartupMessage.
TEST(PostgresqlProbe, RealUnsupportedProtocolError) {
  const std::string reply = fixture("postgresql_15_unsupported_protocol.bin");
  ASSERT_EQ(reply.size(), 135u);
  const ParseResult r = parse_error_reply(reply);
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.service, "postgresql");
  EXPECT_EQ(r.id.product, "PostgreSQL");
  EXPECT_EQ(r.id.version, "");  // pre-auth replies never state it
  EXPECT_EQ(r.id.info, "protocol 3.0 to 3.0; postmaster.c:L2222 = PostgreSQL 15.x");
  EXPECT_TRUE(testing::every_prefix_needs_more(reply, parse_error_reply));
}

TEST(PostgresqlProbe, UnknownBuildKeepsTheRawFingerprint) {
  // ErrorResponse from the protocol documentation's field list, as an older server sends it.
  std::string fields = std::string("SFATAL") + '\0' + "C0A000" + '\0' +
                       "Munsupported frontend protocol 9999.0: server supports 2.0 to 3.0" + '\0' +
                       "Fpostmaster.c" + '\0' + "L2094" + '\0' + "RProcessStartupPacket" + '\0' +
                       '\0';
  const uint32_t length = static_cast<uint32_t>(fields.size() + 4);
  const std::string reply =
      "E" + bytes({0, 0, static_cast<int>(length >> 8), static_cast<int>(length & 0xff)}) + fields;
  const ParseResult r = parse_error_reply(reply);
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.info, "protocol 2.0 to 3.0; postmaster.c:L2094");
}

TEST(PostgresqlProbe, SslReply) {
  ParseResult r = parse_ssl_reply("S");
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.tls, true);
  r = parse_ssl_reply("N");  // captured: Debian default cluster without ssl=on
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.tls, false);
  EXPECT_EQ(r.id.product, "");  // a follow-up only adds TLS
  EXPECT_EQ(parse_ssl_reply("").verdict, Verdict::need_more);
  EXPECT_EQ(parse_ssl_reply("HTTP/1.1").verdict, Verdict::no_match);
}

TEST(PostgresqlProbe, GarbageIsNotPostgresql) {
  EXPECT_EQ(parse_error_reply("E").verdict, Verdict::need_more);
  EXPECT_EQ(parse_error_reply("Error: bad request\n").verdict, Verdict::no_match);
  EXPECT_EQ(parse_error_reply(bytes({'E', 0, 0, 0, 8, 'S', 'x', 0, 0})).verdict,
            Verdict::no_match);  // no C/M fields
  EXPECT_EQ(parse_error_reply(bytes({'E', 0, 0, 0, 6, 'Z', 0})).verdict, Verdict::no_match);
  EXPECT_EQ(parse_error_reply(bytes({'E', 0x7f, 0, 0, 6})).verdict, Verdict::no_match);
}

}  // namespace
}  // namespace paicha::services::postgresql
