#pragma once
// MySQL-family servers (MySQL, MariaDB, Percona, TiDB) speak first: the initial handshake
// packet (protocol 10) or, when they refuse the client, an ERR packet.
#include <string_view>

#include "services/probe.h"

namespace paicha::services::mysql {

inline constexpr uint32_t kClientSsl = 0x00000800;
inline constexpr uint32_t kClientPluginAuth = 0x00080000;

ParseResult parse_greeting(std::string_view greeting);

}  // namespace paicha::services::mysql
