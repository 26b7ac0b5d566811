#pragma once
// TDS packet framing ([MS-TDS] 2.2.3): a message travels as one or more packets, each with an
// 8-byte header whose status bit 0x01 marks the last packet of the message.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace paicha::services::mssql {

inline constexpr uint8_t kPacketLogin7 = 0x10;
inline constexpr size_t kTdsHeaderSize = 8;
inline constexpr size_t kTdsPacketSize = 4096;  // the default size before LOGIN7 negotiates one

// `payload` as packets of at most `packet_size` bytes, numbered from 1.
std::string frame_message(uint8_t type, std::string_view payload,
                          size_t packet_size = kTdsPacketSize);

struct TdsMessage {
  uint8_t type = 0;
  std::string payload;
};

// Collects bytes from the wire and hands out whole messages. A header that cannot be a TDS
// packet (length below 8, a type changing mid-message, a message over `max_bytes`) puts the
// reader into a failed state with the reason, so hostile replies end the exchange cleanly.
class TdsMessageReader {
 public:
  explicit TdsMessageReader(size_t max_bytes = 1 << 20) : max_bytes_(max_bytes) {}

  void append(std::string_view bytes) { pending_.append(bytes); }
  std::optional<TdsMessage> next();
  bool failed() const { return !error_.empty(); }
  const std::string& error() const { return error_; }

 private:
  size_t max_bytes_;
  std::string pending_;
  TdsMessage partial_;
  bool in_message_ = false;
  std::string error_;
};

}  // namespace paicha::services::mssql
