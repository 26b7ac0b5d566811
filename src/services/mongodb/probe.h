#pragma once
// MongoDB: the handshake commands every driver sends before authenticating (hello, isMaster)
// and buildInfo, which servers answer without authentication.
#include <cstdint>
#include <string>
#include <string_view>

#include "services/probe.h"

namespace paicha::services::mongodb {

inline constexpr int32_t kOpReply = 1;
inline constexpr int32_t kOpQuery = 2004;
inline constexpr int32_t kOpMsg = 2013;

inline constexpr int32_t kHelloRequestId = 0x50434831;      // "1HCP" little-endian
inline constexpr int32_t kIsMasterRequestId = 0x50434832;   // "2HCP"
inline constexpr int32_t kBuildInfoRequestId = 0x50434833;  // "3HCP"

// OP_MSG (3.6+) with one kind-0 section {hello: 1, $db: "admin"}.
std::string hello_request();
// Legacy OP_QUERY on admin.$cmd {isMaster: 1}, answered by every release (OP_REPLY).
std::string is_master_request();
// OP_MSG {buildInfo: 1, $db: "admin"}.
std::string build_info_request();

// OP_MSG or OP_REPLY carrying a hello/isMaster reply (or a MongoDB command error).
ParseResult parse_hello_reply(std::string_view reply);
// The buildInfo reply: "version".
ParseResult parse_build_info_reply(std::string_view reply);

// "6.0" for wire version 17; empty when unknown.
std::string_view release_for_wire_version(int64_t wire_version);

}  // namespace paicha::services::mongodb
