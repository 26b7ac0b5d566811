// Pure tests of the Memcached stats reply and UDP frame parsers.
#include <gtest/gtest.h>

#include "services/memcached/stats.h"

namespace paicha::services::memcached {
namespace {

using Status = StatsReply::Status;

TEST(MemcachedStats, ReadsACompleteReply) {
  const std::string reply =
      "STAT pid 21783\r\nSTAT version 1.6.18\r\nSTAT curr_items 3\r\nSTAT bytes 210\r\nEND\r\n";
  const auto parsed = parse_stats_reply(reply);
  ASSERT_EQ(parsed.status, Status::complete);
  EXPECT_EQ(parsed.stats.at("curr_items"), "3");
  EXPECT_EQ(parsed.stats.at("version"), "1.6.18");
  for (size_t n = 0; n < reply.size(); ++n) {
    EXPECT_EQ(parse_stats_reply(reply.substr(0, n)).status, Status::need_more) << n;
  }
}

TEST(MemcachedStats, RefusalsAndGarbage) {
  const auto refused = parse_stats_reply("CLIENT_ERROR unauthenticated\r\n");
  EXPECT_EQ(refused.status, Status::refused);
  EXPECT_EQ(refused.error, "CLIENT_ERROR unauthenticated");
  EXPECT_EQ(parse_stats_reply("ERROR\r\n").status, Status::refused);
  EXPECT_EQ(parse_stats_reply("HTTP/1.1 400 Bad Request\r\n").status, Status::malformed);
  EXPECT_EQ(parse_stats_reply("STAT nospace\r\n").status, Status::malformed);
  EXPECT_EQ(parse_stats_reply(std::string(5000, 'S')).status, Status::malformed);
}

TEST(MemcachedUdp, FrameRoundTrip) {
  const std::string request = udp_request(0xBEEF, stats_request());
  ASSERT_EQ(request.size(), 8 + 7u);
  EXPECT_EQ(request.substr(0, 8), std::string("\xBE\xEF\x00\x00\x00\x01\x00\x00", 8));
  const auto frame = parse_udp_frame(request);
  ASSERT_TRUE(frame);
  EXPECT_EQ(frame->request_id, 0xBEEF);
  EXPECT_EQ(frame->datagrams, 1);
  EXPECT_EQ(frame->payload, "stats\r\n");
  EXPECT_FALSE(parse_udp_frame("short"));
  EXPECT_FALSE(parse_udp_frame(std::string("\x00\x01\x00\x02\x00\x02\x00\x00", 8)));  // seq >= n
  EXPECT_FALSE(parse_udp_frame(std::string("\x00\x01\x00\x00\x00\x01\x00\x07", 8)));  // reserved
}

}  // namespace
}  // namespace paicha::services::memcached
