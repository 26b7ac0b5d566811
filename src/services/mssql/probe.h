#pragma once
// Microsoft SQL Server: a TDS PRELOGIN exchange ([MS-TDS] 2.2.6.5) reveals the server version
// and its encryption setting without logging in.
#include <string>
#include <string_view>

#include "services/probe.h"

namespace paicha::services::mssql {

inline constexpr uint8_t kPacketPrelogin = 0x12;
inline constexpr uint8_t kPacketTabularResult = 0x04;

enum class Encryption : uint8_t { off = 0, on = 1, not_supported = 2, required = 3 };

// PRELOGIN with VERSION, ENCRYPTION (ENCRYPT_OFF), INSTOPT, THREADID, MARS and TERMINATOR.
std::string prelogin_request();

ParseResult parse_prelogin_reply(std::string_view reply);

// "SQL Server 2019" for major version 15; empty when unknown.
std::string release_name(int major, int minor);

}  // namespace paicha::services::mssql
