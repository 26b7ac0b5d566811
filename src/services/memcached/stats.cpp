#include "services/memcached/stats.h"

#include "services/probe_util.h"

namespace paicha::services::memcached {

namespace {
constexpr size_t kMaxStats = 4096;
constexpr size_t kMaxLine = 4096;

uint16_t u16be(std::string_view bytes, size_t at) {
  return static_cast<uint16_t>((static_cast<uint8_t>(bytes[at]) << 8) |
                               static_cast<uint8_t>(bytes[at + 1]));
}
}  // namespace

std::string stats_request() {
  return "stats\r\n";
}

StatsReply parse_stats_reply(std::string_view data) {
  StatsReply reply;
  size_t start = 0;
  while (true) {
    const size_t end = data.find("\r\n", start);
    if (end == std::string_view::npos) {
      if (data.size() - start > kMaxLine) reply.status = StatsReply::Status::malformed;
      return reply;  // need_more unless the pending line is already too long
    }
    const std::string_view line = data.substr(start, end - start);
    start = end + 2;
    if (line == "END") {
      reply.status = StatsReply::Status::complete;
      return reply;
    }
    if (line == "ERROR" || line.substr(0, 13) == "CLIENT_ERROR " ||
        line.substr(0, 13) == "SERVER_ERROR ") {
      reply.status = StatsReply::Status::refused;
      reply.error = clean_text(line);
      return reply;
    }
    if (line.substr(0, 5) != "STAT " || reply.stats.size() >= kMaxStats) {
      reply.status = StatsReply::Status::malformed;
      return reply;
    }
    const std::string_view rest = line.substr(5);
    const size_t space = rest.find(' ');
    if (space == 0 || space == std::string_view::npos) {
      reply.status = StatsReply::Status::malformed;
      return reply;
    }
    reply.stats[std::string(rest.substr(0, space))] = std::string(rest.substr(space + 1));
  }
}

std::string udp_request(uint16_t request_id, std::string_view payload) {
  std::string out;
  put_u16be(out, request_id);
  put_u16be(out, 0);  // sequence number
  put_u16be(out, 1);  // one datagram
  put_u16be(out, 0);  // reserved
  out.append(payload);
  return out;
}

std::optional<UdpFrame> parse_udp_frame(std::string_view datagram) {
  if (datagram.size() < 8) return std::nullopt;
  UdpFrame frame;
  frame.request_id = u16be(datagram, 0);
  frame.sequence = u16be(datagram, 2);
  frame.datagrams = u16be(datagram, 4);
  if (u16be(datagram, 6) != 0 || frame.datagrams == 0 || frame.sequence >= frame.datagrams) {
    return std::nullopt;
  }
  frame.payload = datagram.substr(8);
  return frame;
}

}  // namespace paicha::services::memcached
