#pragma once
// PostgreSQL, identified without logging in: a StartupMessage asking for protocol 9999.0 makes
// the postmaster answer with a version-3 ErrorResponse ("unsupported frontend protocol"), and
// an SSLRequest tells whether the server accepts TLS.
#include <string>
#include <string_view>

#include "services/probe.h"

namespace paicha::services::postgresql {

// Protocol 9999.0: above every real major version, and outside the 1234.x range that
// PostgreSQL reserves for CancelRequest (1234.5678), SSLRequest (.5679) and GSSENCRequest.
inline constexpr uint32_t kUnsupportedProtocol = (9999u << 16) | 0u;
inline constexpr uint32_t kSslRequestCode = (1234u << 16) | 5679u;  // 80877103

std::string unsupported_startup_request();  // 8 bytes: length 8, protocol 9999.0
std::string ssl_request();                  // 8 bytes: length 8, code 80877103

// An ErrorResponse ('E', int32 length, fields) -> PostgreSQL; the F/L/R fields fingerprint
// the server build.
ParseResult parse_error_reply(std::string_view reply);

// 'S' -> tls true, 'N' -> tls false.
ParseResult parse_ssl_reply(std::string_view reply);

}  // namespace paicha::services::postgresql
