#pragma once
// A small, defensive HTTP/1.x (and RTSP/1.0, same framing) response parser for identification:
// status line, headers, and a body of at most kMaxBody bytes. It never throws and never reads
// past the bytes given.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace paicha::services::http {

inline constexpr size_t kMaxHeaderBytes = 32 * 1024;
inline constexpr size_t kMaxHeaders = 100;
inline constexpr size_t kMaxBody = 64 * 1024;

struct HttpReply {
  std::string_view protocol;  // "HTTP/1.1", "RTSP/1.0"
  int status = 0;
  std::string_view reason;
  std::vector<std::pair<std::string_view, std::string_view>> headers;
  std::string body;  // de-chunked, at most kMaxBody bytes

  // The first header of that name (case-insensitive), value trimmed.
  std::optional<std::string_view> header(std::string_view name) const;
  // True when any header name starts with `prefix` (case-insensitive).
  bool has_header_prefix(std::string_view prefix) const;
};

enum class ReplyState {
  not_http,    // these bytes are not a response of that protocol
  incomplete,  // plausible so far: read more
  complete,    // status, headers and body (as far as framing says, or kMaxBody) are here
};

// `protocol_prefix` is "HTTP/" or "RTSP/". A body without Content-Length or chunked framing
// ends when the server closes; since probes ask for "Connection: close", such a body counts as
// complete with whatever has arrived.
ReplyState parse_reply(std::string_view bytes, HttpReply& out,
                       std::string_view protocol_prefix = "HTTP/");

// "GET <path> HTTP/1.1" with Host, User-Agent, Accept and Connection: close.
std::string get_request(std::string_view path);

}  // namespace paicha::services::http
