#pragma once
// Memcached replies the audit reads: the text `stats` reply and the 8-byte UDP frame header
// (request id, sequence number, datagram count, reserved; all big-endian u16).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace paicha::services::memcached {

struct StatsReply {
  enum class Status { complete, need_more, refused, malformed };
  Status status = Status::need_more;
  std::map<std::string, std::string> stats;  // "curr_items" -> "12"
  std::string error;                         // the ERROR / CLIENT_ERROR line when refused
};

// "STAT pid 1\r\n...END\r\n". Judges everything received so far.
StatsReply parse_stats_reply(std::string_view data);

std::string stats_request();

// The datagram for `payload` with the UDP frame header in front.
std::string udp_request(uint16_t request_id, std::string_view payload);

struct UdpFrame {
  uint16_t request_id = 0;
  uint16_t sequence = 0;
  uint16_t datagrams = 0;
  std::string_view payload;
};
std::optional<UdpFrame> parse_udp_frame(std::string_view datagram);

}  // namespace paicha::services::memcached
