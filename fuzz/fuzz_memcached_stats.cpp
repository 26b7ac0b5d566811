// Memcached replies as the audit reads them: the text stats reply and UDP frames.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "services/memcached/stats.h"

using namespace paicha::services::memcached;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const StatsReply reply = parse_stats_reply(input);
  if (reply.status == StatsReply::Status::complete && reply.stats.size() > input.size()) {
    __builtin_trap();
  }
  if (const auto frame = parse_udp_frame(input)) {
    if (frame->payload.size() + 8 != input.size() || frame->sequence >= frame->datagrams) {
      __builtin_trap();
    }
    (void)parse_stats_reply(frame->payload);
  }
  return 0;
}
