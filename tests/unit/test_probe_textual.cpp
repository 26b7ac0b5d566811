// Memcached, ZooKeeper and RTSP: short text replies.
#include <gtest/gtest.h>

#include "services/memcached/probe.h"
#include "services/rtsp/probe.h"
#include "services/zookeeper/probe.h"
#include "test_probe_helpers.h"

namespace paicha::services {
namespace {

TEST(MemcachedProbe, VersionReply) {
  EXPECT_EQ(memcached::version_request(), "version\r\n");
  // Captured from Debian 12 memcached 1.6.18.
  const std::string reply = "VERSION 1.6.18\r\n";
  const ParseResult r = memcached::parse_version_reply(reply);
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.service, "memcached");
  EXPECT_EQ(r.id.version, "1.6.18");
  EXPECT_TRUE(testing::every_prefix_needs_more(reply, memcached::parse_version_reply));
  EXPECT_EQ(memcached::parse_version_reply("ERROR\r\n").verdict, Verdict::no_match);
  EXPECT_EQ(memcached::parse_version_reply("VERSION \r\n").verdict, Verdict::no_match);
  EXPECT_EQ(memcached::parse_version_reply("CLIENT_ERROR unauthenticated\r\n").id.info,
            "auth required");
}

// ZooKeeper Administrator's Guide, "The Four Letter Words": srvr output.
TEST(ZookeeperProbe, SrvrReply) {
  EXPECT_EQ(zookeeper::srvr_request(), "srvr");
  const std::string reply =
      "Zookeeper version: 3.8.1-74db005175a4ec545697012f9069cb9dcc8cdda7, built on 2023-01-25 "
      "16:31 UTC\nLatency min/avg/max: 0/0.0/0\nReceived: 1\nSent: 0\nConnections: 1\n"
      "Outstanding: 0\nZxid: 0x0\nMode: standalone\nNode count: 5\n";
  const ParseResult r = zookeeper::parse_srvr_reply(reply);
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.version, "3.8.1");
  EXPECT_EQ(r.id.info, "built on 2023-01-25 16:31 UTC; mode standalone");
  EXPECT_EQ(zookeeper::parse_srvr_reply("Zookeeper vers").verdict, Verdict::need_more);
  const ParseResult refused =
      zookeeper::parse_srvr_reply("srvr is not executed because it is not in the whitelist.\n");
  ASSERT_EQ(refused.verdict, Verdict::matched);
  EXPECT_EQ(refused.id.version, "");
  EXPECT_EQ(zookeeper::parse_srvr_reply("imok").verdict, Verdict::no_match);
}

// RFC 2326 10.1 OPTIONS example, with a camera-style Server header.
TEST(RtspProbe, OptionsReply) {
  EXPECT_EQ(rtsp::options_request().rfind("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n", 0), 0u);
  const std::string reply =
      "RTSP/1.0 200 OK\r\nCSeq: 1\r\nServer: Hikvision-Webs/1.0\r\n"
      "Public: DESCRIBE, SETUP, TEARDOWN, PLAY, PAUSE\r\n\r\n";
  const ParseResult r = rtsp::parse_options_reply(reply);
  ASSERT_EQ(r.verdict, Verdict::matched);
  EXPECT_EQ(r.id.service, "rtsp");
  EXPECT_EQ(r.id.product, "Hikvision-Webs");
  EXPECT_EQ(r.id.version, "1.0");
  EXPECT_EQ(r.id.info, "status 200; methods DESCRIBE, SETUP, TEARDOWN, PLAY, PAUSE");
  EXPECT_EQ(rtsp::parse_options_reply("RTSP/1.0 200 OK\r\nCSeq").verdict, Verdict::need_more);
  EXPECT_EQ(rtsp::parse_options_reply("HTTP/1.1 200 OK\r\n\r\n").verdict, Verdict::no_match);
  EXPECT_EQ(rtsp::parse_options_reply("RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\nWWW-Authenticate: "
                                      "Digest realm=\"cam\"\r\n\r\n")
                .id.info,
            "status 401; auth required Digest");
}

}  // namespace
}  // namespace paicha::services
