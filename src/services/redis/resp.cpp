#include "services/redis/resp.h"

#include <charconv>

namespace paicha::services::redis {

namespace {

constexpr int kMaxDepth = 16;
constexpr int64_t kMaxBulk = 64 * 1024 * 1024;
constexpr int64_t kMaxArray = 1 << 20;

struct Decoder {
  std::string_view data;
  size_t pos = 0;

  // The line starting at pos without "\r\n"; need_more when no line end arrived yet.
  RespStatus line(std::string_view& out) {
    const size_t end = data.find("\r\n", pos);
    if (end == std::string_view::npos) return RespStatus::need_more;
    out = data.substr(pos, end - pos);
    pos = end + 2;
    return RespStatus::complete;
  }

  static bool to_integer(std::string_view text, int64_t& out) {
    if (text.empty()) return false;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    return error == std::errc() && end == text.data() + text.size();
  }

  RespStatus value(RespValue& out, int depth) {
    if (depth > kMaxDepth) return RespStatus::malformed;
    if (pos >= data.size()) return RespStatus::need_more;
    const char type = data[pos++];
    std::string_view text;
    if (const auto status = line(text); status != RespStatus::complete) return status;
    switch (type) {
      case '+':
        out.type = RespValue::Type::simple;
        out.text = std::string(text);
        return RespStatus::complete;
      case '-':
        out.type = RespValue::Type::error;
        out.text = std::string(text);
        return RespStatus::complete;
      case ':':
        out.type = RespValue::Type::integer;
        return to_integer(text, out.integer) ? RespStatus::complete : RespStatus::malformed;
      case '$': {
        int64_t length = 0;
        if (!to_integer(text, length) || length < -1 || length > kMaxBulk) {
          return RespStatus::malformed;
        }
        if (length == -1) {
          out.type = RespValue::Type::null;
          return RespStatus::complete;
        }
        const size_t n = static_cast<size_t>(length);
        if (data.size() - pos < n + 2) return RespStatus::need_more;
        if (data.substr(pos + n, 2) != "\r\n") return RespStatus::malformed;
        out.type = RespValue::Type::bulk;
        out.text = std::string(data.substr(pos, n));
        pos += n + 2;
        return RespStatus::complete;
      }
      case '*': {
        int64_t count = 0;
        if (!to_integer(text, count) || count < -1 || count > kMaxArray) {
          return RespStatus::malformed;
        }
        if (count == -1) {
          out.type = RespValue::Type::null;
          return RespStatus::complete;
        }
        out.type = RespValue::Type::array;
        // Every element takes at least 3 bytes, so growing one by one stays bounded by the input.
        for (int64_t i = 0; i < count; ++i) {
          RespValue element;
          if (const auto status = value(element, depth + 1); status != RespStatus::complete) {
            return status;
          }
          out.elements.push_back(std::move(element));
        }
        return RespStatus::complete;
      }
      default:
        return RespStatus::malformed;
    }
  }
};

}  // namespace

std::string_view RespValue::error_code() const {
  if (type != Type::error) return {};
  const std::string_view line = text;
  return line.substr(0, line.find(' '));
}

std::string encode_command(const std::vector<std::string>& args) {
  std::string out = "*" + std::to_string(args.size()) + "\r\n";
  for (const auto& arg : args) {
    out += "$" + std::to_string(arg.size()) + "\r\n";
    out += arg;
    out += "\r\n";
  }
  return out;
}

RespParse parse_resp(std::string_view data) {
  Decoder decoder{data};
  RespParse result;
  result.status = decoder.value(result.value, 0);
  if (result.status == RespStatus::complete) {
    result.consumed = decoder.pos;
  } else {
    result.value = RespValue{};
  }
  return result;
}

}  // namespace paicha::services::redis
