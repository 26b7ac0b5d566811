#include <gtest/gtest.h>

#include "services/mssql/probe.h"
#include "services/oracle/probe.h"
#include "test_probe_helpers.h"

namespace paicha::services {
namespace {

using testing::bytes;

// [MS-TDS] 2.2.6.5 PRELOGIN: packet header (type 0x12, status EOM, length 0x002F, SPID 0,
// PacketID 1, Window 0), option table (token, offset, length; offsets from the payload start),
// terminator 0xFF, then the option data.
TEST(MssqlProbe, PreloginRequestIsByteExact) {
  const std::string expected = bytes({
      0x12, 0x01, 0x00, 0x2f, 0x00, 0x00, 0x01, 0x00,  // header
      0x00, 0x00, 0x1a, 0x00, 0x06,                    // VERSION at 26, 6 bytes
      0x01, 0x00, 0x20, 0x00, 0x01,                    // ENCRYPTION at 32
      0x02, 0x00, 0x21, 0x00, 0x01,                    // INSTOPT at 33
      0x03, 0x00, 0x22, 0x00, 0x04,                    // THREADID at 34
      0x04, 0x00, 0x26, 0x00, 0x01,                    // MARS at 38
      0xff,                                            // TERMINATOR
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00,              // client version
      0x00,                                            // ENCRYPT_OFF
      0x00,                                            // instance ""
      0x00, 0x00, 0x00, 0x00,                          // thread id
      0x00,                                            // MARS off
  });
  EXPECT_EQ(mssql::prelogin_request(), expected);
}

// A server PRELOGIN response (packet type 0x04) for SQL Server 2019 15.0.2000 with the given
// ENCRYPTION byte. THREADID is empty in server responses.
std::string prelogin_reply(int encryption) {
  return bytes({0x04, 0x01, 0x00, 0x2b, 0x00, 0x00, 0x01, 0x00,       0x00, 0x00, 0x1a,
                0x00, 0x06, 0x01, 0x00, 0x20, 0x00, 0x01, 0x02,       0x00, 0x21, 0x00,
                0x01, 0x03, 0x00, 0x22, 0x00, 0x00, 0x04, 0x00,       0x22, 0x00, 0x01,
                0xff, 0x0f, 0x00, 0x07, 0xd0, 0x00, 0x00, encryption, 0x00, 0x00});
}

TEST(MssqlProbe, PreloginReply) {
  const std::string reply = prelogin_reply(0x00);
  ASSERT_EQ(reply.size(), 0x2bu);
  ParseResult r = mssql::parse_prelogin_reply(reply);
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.service, "mssql");
  EXPECT_EQ(r.id.version, "15.0.2000");
  EXPECT_EQ(r.id.tls, false);
  EXPECT_EQ(r.id.info, "SQL Server 2019; encryption off (login only)");
  EXPECT_TRUE(testing::every_prefix_needs_more(reply, mssql::parse_prelogin_reply));

  r = mssql::parse_prelogin_reply(prelogin_reply(0x03));
  EXPECT_EQ(r.id.tls, true);
  r = mssql::parse_prelogin_reply(prelogin_reply(0x02));
  EXPECT_EQ(r.id.tls, false);
}

TEST(MssqlProbe, BadOptionTables) {
  std::string reply = prelogin_reply(0);
  reply[10] = 0x7f;  // VERSION offset far outside the payload
  EXPECT_EQ(mssql::parse_prelogin_reply(reply).verdict, Verdict::no_match);
  EXPECT_EQ(mssql::parse_prelogin_reply("HTTP/1.1 400").verdict, Verdict::no_match);
  EXPECT_EQ(mssql::parse_prelogin_reply(bytes({0x04, 0x01, 0x00, 0x09, 0, 0, 1, 0, 0xff})).verdict,
            Verdict::no_match);  // no VERSION option
  EXPECT_EQ(mssql::release_name(10, 50), "SQL Server 2008 R2");
  EXPECT_EQ(mssql::release_name(16, 0), "SQL Server 2022");
}

TEST(OracleProbe, ConnectPacketLayout) {
  const std::string req = oracle::version_connect_request();
  const std::string data = "(CONNECT_DATA=(COMMAND=version))";
  ASSERT_EQ(req.size(), 58 + data.size());
  EXPECT_EQ(req.substr(0, 8), bytes({0x00, 0x5a, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00}));
  EXPECT_EQ(req.substr(8, 4), bytes({0x01, 0x36, 0x01, 0x2c}));   // version 310, compatible 300
  EXPECT_EQ(req.substr(24, 4), bytes({0x00, 0x20, 0x00, 0x3a}));  // data length 32, offset 58
  EXPECT_EQ(req.substr(58), data);
}

TEST(OracleProbe, VsnnumDecoding) {
  EXPECT_EQ(oracle::decode_vsnnum(0x0B200200), "11.2.0.2");
  EXPECT_EQ(oracle::decode_vsnnum(186647296), "11.2.0.3");  // 0x0B200300
  EXPECT_EQ(oracle::decode_vsnnum(0x0C100200), "12.1.0.2");
  EXPECT_EQ(oracle::decode_vsnnum(0x13000000), "19.0.0.0");
  EXPECT_EQ(oracle::decode_vsnnum(0x0A200301), "10.2.0.3.1");
}

std::string tns_packet(int type, const std::string& body) {
  const size_t len = 8 + body.size();
  return bytes({static_cast<int>(len >> 8), static_cast<int>(len & 0xff), 0, 0, type, 0, 0, 0}) +
         body;
}

TEST(OracleProbe, RefuseWithVsnnum) {
  const std::string text =
      "(DESCRIPTION=(TMP=)(VSNNUM=186647296)(ERR=1189)(ERROR_STACK=(ERROR=(CODE=1189)(EMFI=4))))";
  // REFUSE body: user reason, system reason, data length, data.
  const std::string reply =
      tns_packet(4, bytes({0x22, 0x00, 0x00, static_cast<int>(text.size())}) + text);
  const ParseResult r = oracle::parse_tns_reply(reply);
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.service, "oracle");
  EXPECT_EQ(r.id.version, "11.2.0.3");
  EXPECT_EQ(r.id.info, "refuse; TNS-1189");
  EXPECT_TRUE(testing::every_prefix_needs_more(reply, oracle::parse_tns_reply));
}

TEST(OracleProbe, DataBannerAndGarbage) {
  const ParseResult r = oracle::parse_tns_reply(
      tns_packet(6, bytes({0, 0}) + "TNSLSNR for Linux: Version 19.0.0.0.0 - Production"));
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.version, "19.0.0.0.0");
  EXPECT_EQ(oracle::parse_tns_reply(tns_packet(4, "no description")).verdict, Verdict::no_match);
  EXPECT_EQ(oracle::parse_tns_reply(tns_packet(9, "")).verdict, Verdict::no_match);
  EXPECT_EQ(oracle::parse_tns_reply("HTTP/1.1 400 Bad").verdict, Verdict::no_match);
  EXPECT_EQ(oracle::parse_tns_reply(tns_packet(11, "")).id.info, "resend");
}

}  // namespace
}  // namespace paicha::services
