#pragma once
// RESP2, the Redis wire format: commands out (arrays of bulk strings) and replies in.
// The decoder takes untrusted bytes: it never allocates more than the input justifies and
// bounds nesting, so a hostile server cannot exhaust memory or the stack.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace paicha::services::redis {

struct RespValue {
  enum class Type { simple, error, integer, bulk, array, null };
  Type type = Type::null;
  std::string text;  // simple string, error line (without '-') or bulk contents
  int64_t integer = 0;
  std::vector<RespValue> elements;

  bool is_error() const { return type == Type::error; }
  bool is_null() const { return type == Type::null; }
  bool is_string() const { return type == Type::simple || type == Type::bulk; }
  // The error's code word: "NOAUTH", "WRONGPASS", "ERR"; empty for non-errors.
  std::string_view error_code() const;
};

// "*2\r\n$4\r\nAUTH\r\n$6\r\nsecret\r\n": binary-safe, so any password goes through unchanged.
std::string encode_command(const std::vector<std::string>& args);

enum class RespStatus { complete, need_more, malformed };

struct RespParse {
  RespStatus status = RespStatus::need_more;
  RespValue value;
  size_t consumed = 0;  // bytes of `data` that made up `value` (when complete)
};

// Decodes the first reply at the start of `data`.
RespParse parse_resp(std::string_view data);

}  // namespace paicha::services::redis
