#pragma once
// RTSP (RFC 2326), spoken by IP cameras and video recorders: "OPTIONS * RTSP/1.0".
#include <string>
#include <string_view>

#include "services/probe.h"

namespace paicha::services::rtsp {

std::string options_request();

// "RTSP/1.0 200 OK" (or 401 ...) with Server and Public headers.
ParseResult parse_options_reply(std::string_view reply);

}  // namespace paicha::services::rtsp
