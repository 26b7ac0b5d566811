#include "services/http/http_reply.h"

#include <algorithm>
#include <cstdint>

#include "services/probe_util.h"

namespace paicha::services::http {

namespace {

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// Splits off one line ending in "\n" (an optional "\r" before it is dropped).
bool take_line(std::string_view& rest, std::string_view& line) {
  const size_t nl = rest.find('\n');
  if (nl == std::string_view::npos) return false;
  line = rest.substr(0, nl);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  rest.remove_prefix(nl + 1);
  return true;
}

bool parse_status_line(std::string_view line, std::string_view prefix, HttpReply& out) {
  // "HTTP/1.1 200 OK": prefix, digit '.' digit, space, three digits, optional reason.
  if (line.size() < prefix.size() + 7 || line.substr(0, prefix.size()) != prefix) return false;
  const std::string_view ver = line.substr(prefix.size(), 3);
  if (!is_digit(ver[0]) || ver[1] != '.' || !is_digit(ver[2])) return false;
  const size_t code_at = prefix.size() + 4;
  if (line[code_at - 1] != ' ') return false;
  const std::string_view code = line.substr(code_at, 3);
  if (!is_digit(code[0]) || !is_digit(code[1]) || !is_digit(code[2])) return false;
  if (line.size() > code_at + 3 && line[code_at + 3] != ' ') return false;
  out.protocol = line.substr(0, prefix.size() + 3);
  out.status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
  out.reason = line.size() > code_at + 4 ? trim(line.substr(code_at + 4)) : std::string_view{};
  return true;
}

enum class ChunkState { incomplete, complete };

ChunkState dechunk(std::string_view rest, std::string& body) {
  while (true) {
    std::string_view size_line;
    if (!take_line(rest, size_line)) return ChunkState::incomplete;
    size_line = trim(size_line.substr(0, size_line.find(';')));
    if (size_line.empty()) return ChunkState::complete;  // malformed: keep what we have
    uint64_t size = 0;
    for (const char c : size_line) {
      int digit = -1;
      if (c >= '0' && c <= '9') digit = c - '0';
      if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
      if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
      if (digit < 0) return ChunkState::complete;
      if (size > (uint64_t{1} << 40)) return ChunkState::complete;
      size = size * 16 + static_cast<uint64_t>(digit);
    }
    if (size == 0) return ChunkState::complete;
    const size_t room = kMaxBody - body.size();
    if (size >= room) {
      body.append(rest.substr(0, room));
      return rest.size() >= room ? ChunkState::complete : ChunkState::incomplete;
    }
    if (rest.size() < size) return ChunkState::incomplete;
    body.append(rest.substr(0, size));
    rest.remove_prefix(size);
    std::string_view crlf;
    if (!take_line(rest, crlf)) return ChunkState::incomplete;
  }
}

}  // namespace

std::optional<std::string_view> HttpReply::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key.size() == name.size() && starts_with_ci(key, name)) return value;
  }
  return std::nullopt;
}

bool HttpReply::has_header_prefix(std::string_view prefix) const {
  return std::any_of(headers.begin(), headers.end(),
                     [&](const auto& h) { return starts_with_ci(h.first, prefix); });
}

ReplyState parse_reply(std::string_view bytes, HttpReply& out, std::string_view protocol_prefix) {
  out = HttpReply{};
  const size_t head = std::min(bytes.size(), protocol_prefix.size());
  if (bytes.substr(0, head) != protocol_prefix.substr(0, head)) return ReplyState::not_http;

  std::string_view rest = bytes;
  std::string_view line;
  if (!take_line(rest, line)) {
    return bytes.size() > 256 ? ReplyState::not_http : ReplyState::incomplete;
  }
  if (!parse_status_line(line, protocol_prefix, out)) return ReplyState::not_http;

  while (true) {
    if (bytes.size() - rest.size() > kMaxHeaderBytes) return ReplyState::not_http;
    if (!take_line(rest, line)) {
      return rest.size() > kMaxHeaderBytes ? ReplyState::not_http : ReplyState::incomplete;
    }
    if (line.empty()) break;
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) continue;  // folded or junk: ignore
    if (out.headers.size() < kMaxHeaders) {
      out.headers.emplace_back(trim(line.substr(0, colon)), trim(line.substr(colon + 1)));
    }
  }

  const bool no_body =
      (out.status >= 100 && out.status < 200) || out.status == 204 || out.status == 304;
  if (no_body) return ReplyState::complete;

  const auto encoding = out.header("Transfer-Encoding");
  if (encoding && contains_ci(*encoding, "chunked")) {
    return dechunk(rest, out.body) == ChunkState::complete ? ReplyState::complete
                                                           : ReplyState::incomplete;
  }
  if (const auto length = out.header("Content-Length")) {
    uint64_t want = 0;
    bool valid = !length->empty();
    for (const char c : *length) {
      if (!is_digit(c) || want > (uint64_t{1} << 40)) {
        valid = false;
        break;
      }
      want = want * 10 + static_cast<uint64_t>(c - '0');
    }
    if (valid) {
      const size_t take = static_cast<size_t>(std::min<uint64_t>(want, kMaxBody));
      out.body.assign(rest.substr(0, take));
      return rest.size() >= take ? ReplyState::complete : ReplyState::incomplete;
    }
  }
  out.body.assign(rest.substr(0, kMaxBody));
  return ReplyState::complete;
}

std::string get_request(std::string_view path) {
  std::string req = "GET ";
  req += path;
  req +=
      " HTTP/1.1\r\nHost: localhost\r\nUser-Agent: paicha\r\nAccept: */*\r\n"
      "Connection: close\r\n\r\n";
  return req;
}

}  // namespace paicha::services::http
