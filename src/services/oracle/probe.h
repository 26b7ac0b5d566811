#pragma once
// Oracle TNS listener: a CONNECT packet carrying (CONNECT_DATA=(COMMAND=version)). Listeners
// answer with REFUSE/ACCEPT/RESEND or DATA packets that carry VSNNUM or a version banner.
#include <cstdint>
#include <string>
#include <string_view>

#include "services/probe.h"

namespace paicha::services::oracle {

inline constexpr uint8_t kPacketConnect = 1;
inline constexpr uint8_t kPacketAccept = 2;
inline constexpr uint8_t kPacketRefuse = 4;
inline constexpr uint8_t kPacketRedirect = 5;
inline constexpr uint8_t kPacketData = 6;
inline constexpr uint8_t kPacketResend = 11;

std::string version_connect_request();

ParseResult parse_tns_reply(std::string_view reply);

// VSNNUM is a packed version: 8 bits major, 4 minor, 8 release update, 4 port, 8 patch:
// 0x0B200200 (186647040) -> "11.2.0.2" (a fifth part is added only when non-zero).
std::string decode_vsnnum(uint32_t vsnnum);

}  // namespace paicha::services::oracle
