#include <gtest/gtest.h>

#include "core/checkpoint.h"

namespace paicha {

TEST(HostCheckpoint, WatermarkAdvancesOverContiguousDoneHosts) {
  HostCheckpoint c;
  c.mark_done(1);
  c.mark_done(2);
  EXPECT_EQ(c.watermark(), 0u);
  EXPECT_FALSE(c.is_done(0));
  EXPECT_TRUE(c.is_done(2));
  c.mark_done(0);
  EXPECT_EQ(c.watermark(), 3u);
  EXPECT_EQ(c.done_count(), 3u);
  EXPECT_FALSE(c.is_done(3));
}

TEST(HostCheckpoint, JsonRoundTripKeepsOutOfOrderHosts) {
  HostCheckpoint c;
  for (uint64_t i : {0, 1, 2, 5, 9}) c.mark_done(i);
  HostCheckpoint back = HostCheckpoint::from_json(c.to_json());
  EXPECT_EQ(back.watermark(), 3u);
  EXPECT_TRUE(back.is_done(5));
  EXPECT_TRUE(back.is_done(9));
  EXPECT_FALSE(back.is_done(4));
  EXPECT_EQ(back.done_count(), 5u);
}

TEST(HostCheckpoint, MalformedJsonIsRejected) {
  EXPECT_THROW(HostCheckpoint::from_json("{\"done\": [1]}"), std::runtime_error);
  EXPECT_THROW(HostCheckpoint::from_json("not json"), std::runtime_error);
  EXPECT_EQ(HostCheckpoint::from_json("").done_count(), 0u);
}

}  // namespace paicha
