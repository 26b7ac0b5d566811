#include "services/mssql/tds_message.h"

#include <algorithm>
#include <utility>

#include "services/probe_util.h"

namespace paicha::services::mssql {

std::string frame_message(uint8_t type, std::string_view payload, size_t packet_size) {
  const size_t chunk = std::max<size_t>(packet_size, kTdsHeaderSize + 1) - kTdsHeaderSize;
  std::string out;
  uint8_t packet_id = 1;
  size_t offset = 0;
  do {
    const size_t n = std::min(chunk, payload.size() - offset);
    const bool last = offset + n == payload.size();
    put_u8(out, type);
    put_u8(out, last ? 0x01 : 0x00);
    put_u16be(out, static_cast<uint16_t>(kTdsHeaderSize + n));
    put_u16be(out, 0);  // SPID
    put_u8(out, packet_id++);
    put_u8(out, 0);  // window
    out.append(payload.substr(offset, n));
    offset += n;
  } while (offset < payload.size());
  return out;
}

std::optional<TdsMessage> TdsMessageReader::next() {
  while (!failed() && pending_.size() >= kTdsHeaderSize) {
    const auto type = static_cast<uint8_t>(pending_[0]);
    const auto status = static_cast<uint8_t>(pending_[1]);
    const size_t length =
        static_cast<uint8_t>(pending_[2]) << 8 | static_cast<uint8_t>(pending_[3]);
    if (length < kTdsHeaderSize) {
      error_ = "TDS packet length " + std::to_string(length) + " is shorter than its header";
      return std::nullopt;
    }
    if (pending_.size() < length) return std::nullopt;
    if (in_message_ && type != partial_.type) {
      error_ = "TDS packet type changed in the middle of a message";
      return std::nullopt;
    }
    if (partial_.payload.size() + length > max_bytes_) {
      error_ = "TDS message larger than " + std::to_string(max_bytes_) + " bytes";
      return std::nullopt;
    }
    in_message_ = true;
    partial_.type = type;
    partial_.payload.append(pending_, kTdsHeaderSize, length - kTdsHeaderSize);
    pending_.erase(0, length);
    if (status & 0x01) {
      in_message_ = false;
      return std::exchange(partial_, TdsMessage{});
    }
  }
  return std::nullopt;
}

}  // namespace paicha::services::mssql
