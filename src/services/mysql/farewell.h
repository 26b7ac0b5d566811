#pragma once
// Ending a MySQL/MariaDB connection cleanly after its greeting.
//
// A client that closes during the handshake is an "aborted connect": the server counts it
// against max_connect_errors and, past the limit, blocks the client's host. So whenever
// paicha has read a greeting (identification, TLS inspection) it finishes the handshake with a
// login for an account that does not exist, reads the refusal, and only then closes. An
// access-denied error does not count towards the host block.
#include <cstdint>
#include <string>
#include <string_view>

namespace paicha::services::mysql {

// The account name used for these farewells (visible in the server's logs).
inline constexpr std::string_view kFarewellUser = "paicha_probe";

// The HandshakeResponse that follows `greeting` (raw bytes, header included). `after_tls`: the
// client sent an SSLRequest (sequence 1) and speaks TLS now, so this is sequence 2. Empty when
// the greeting cannot be parsed (then there is no handshake to finish).
std::string farewell_response(std::string_view greeting, bool after_tls);

// What to answer to the server's reply to the farewell: an empty auth response to an
// AuthSwitchRequest or AuthMoreData, COM_QUIT after an OK (an anonymous account let us in),
// or nothing (empty) after an ERR.
std::string farewell_continue(std::string_view reply);

}  // namespace paicha::services::mysql
