#include "services/ftp/reply.h"

#include <charconv>

#include "services/probe_util.h"

namespace paicha::services::ftp {

namespace {

constexpr size_t kMaxReplyBytes = 64 * 1024;
constexpr size_t kMaxReplyLines = 1000;

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// "ddd" at the start of a line, followed by ' ', '-' or the line end.
bool starts_with_code(std::string_view line) {
  return line.size() >= 3 && is_digit(line[0]) && is_digit(line[1]) && is_digit(line[2]) &&
         (line.size() == 3 || line[3] == ' ' || line[3] == '-');
}

int code_of(std::string_view line) {
  return (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0');
}

std::string_view strip_cr(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

}  // namespace

std::string FtpReply::summary() const {
  std::string text = std::to_string(code);
  if (!lines.empty()) text += " " + lines.back();
  return clean_text(text, 160);
}

ReplyState parse_reply(std::string_view bytes, FtpReply& out, size_t& consumed) {
  out = FtpReply{};
  consumed = 0;
  size_t pos = 0;
  bool first = true;
  while (true) {
    const size_t end = bytes.find('\n', pos);
    const std::string_view partial =
        bytes.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    if (first && !partial.empty()) {
      // Reject garbage as soon as the first bytes show it is not a reply.
      for (size_t i = 0; i < std::min<size_t>(partial.size(), 3); ++i)
        if (!is_digit(partial[i])) return ReplyState::malformed;
    }
    if (end == std::string_view::npos)
      return bytes.size() > kMaxReplyBytes ? ReplyState::malformed : ReplyState::incomplete;
    if (end + 1 > kMaxReplyBytes || out.lines.size() >= kMaxReplyLines)
      return ReplyState::malformed;
    const std::string_view line = strip_cr(partial);
    pos = end + 1;
    if (first) {
      if (!starts_with_code(line)) return ReplyState::malformed;
      out.code = code_of(line);
      out.lines.emplace_back(line.size() > 4 ? line.substr(4) : std::string_view{});
      first = false;
      if (line.size() == 3 || line[3] == ' ') break;
      continue;
    }
    // Continuation lines may repeat the code with '-' or carry none at all; the reply ends at
    // the first line that starts with the same code and a space (RFC 959 4.2).
    if (starts_with_code(line) && code_of(line) == out.code &&
        (line.size() == 3 || line[3] == ' ')) {
      out.lines.emplace_back(line.size() > 4 ? line.substr(4) : std::string_view{});
      break;
    }
    if (starts_with_code(line) && code_of(line) == out.code)
      out.lines.emplace_back(line.substr(4));
    else
      out.lines.emplace_back(line);
  }
  consumed = pos;
  out.raw = std::string(bytes.substr(0, pos));
  return ReplyState::complete;
}

std::optional<uint16_t> parse_pasv_port(std::string_view text) {
  // The six numbers may or may not be in parentheses (RFC 1123 4.1.2.6): take the first run
  // of six comma-separated numbers.
  for (size_t start = 0; start < text.size(); ++start) {
    if (!is_digit(text[start]) || (start > 0 && is_digit(text[start - 1]))) continue;
    int values[6];
    const char* at = text.data() + start;
    const char* const end = text.data() + text.size();
    int count = 0;
    while (count < 6) {
      auto [next, ec] = std::from_chars(at, end, values[count]);
      if (ec != std::errc() || values[count] < 0 || values[count] > 255) break;
      ++count;
      at = next;
      if (count < 6) {
        if (at == end || *at != ',') break;
        ++at;
      }
    }
    if (count != 6) continue;
    const int port = values[4] * 256 + values[5];
    if (port == 0) return std::nullopt;
    return static_cast<uint16_t>(port);
  }
  return std::nullopt;
}

std::optional<uint16_t> parse_epsv_port(std::string_view text) {
  // "(|||6446|)": the delimiter is the first character after '(' and appears four times.
  const size_t open = text.find('(');
  if (open == std::string_view::npos || open + 1 >= text.size()) return std::nullopt;
  const char delimiter = text[open + 1];
  std::string_view rest = text.substr(open + 1);
  if (rest.size() < 5 || rest[1] != delimiter || rest[2] != delimiter) return std::nullopt;
  rest.remove_prefix(3);
  const size_t close = rest.find(delimiter);
  if (close == std::string_view::npos || close == 0) return std::nullopt;
  unsigned value = 0;
  auto [next, ec] = std::from_chars(rest.data(), rest.data() + close, value);
  if (ec != std::errc() || next != rest.data() + close || value == 0 || value > 65535)
    return std::nullopt;
  return static_cast<uint16_t>(value);
}

bool unsafe_argument(std::string_view argument) {
  return argument.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

}  // namespace paicha::services::ftp
