#include "services/redis/probe.h"

#include <array>

#include <fmt/format.h>

#include "services/probe_util.h"

namespace paicha::services::redis {

namespace {

constexpr size_t kMaxBulk = 1024 * 1024;

struct KnownError {
  std::string_view prefix;
  std::string_view info;
};

// Errors only Redis-like servers send before authentication (prefix match on the RESP error).
constexpr std::array<KnownError, 9> kKnownErrors{{
    {"-NOAUTH", "auth required"},
    {"-DENIED", "protected mode"},
    {"-NOPERM", "no permission for INFO"},
    {"-LOADING", "loading dataset"},
    {"-BUSY", "busy"},
    {"-MASTERDOWN", "master down"},
    {"-ERR operation not permitted", "auth required"},
    {"-ERR unknown command", "INFO renamed or disabled"},
    {"-ERR Client sent AUTH", "auth"},
}};

Identification redis_id() {
  Identification id;
  id.service = "redis";
  id.product = "Redis";
  id.tls = false;  // the reply came back as plain RESP
  return id;
}

ParseResult parse_error(std::string_view line) {
  for (const auto& known : kKnownErrors) {
    if (starts_with_ci(line, known.prefix)) {
      Identification id = redis_id();
      id.info = known.info;
      if (contains_ci(line, "auth") && known.info != "auth required") {
        append_info(id.info, "auth required");
      }
      return ParseResult::match(cleaned(id));
    }
  }
  return ParseResult::no();
}

}  // namespace

std::string info_request() {
  return "*2\r\n$4\r\nINFO\r\n$6\r\nserver\r\n";
}

ParseResult parse_info_reply(std::string_view reply) {
  if (reply.empty()) return ParseResult::more();
  if (reply[0] == '-') {
    const auto line = first_line(reply);
    if (!line) return reply.size() > 512 ? ParseResult::no() : ParseResult::more();
    return parse_error(*line);
  }
  if (reply[0] != '$') return ParseResult::no();
  const auto header = first_line(reply);
  if (!header) return reply.size() > 16 ? ParseResult::no() : ParseResult::more();
  size_t length = 0;
  const std::string_view digits = header->substr(1);
  if (digits.empty() || digits.size() > 8) return ParseResult::no();
  for (const char c : digits) {
    if (c < '0' || c > '9') return ParseResult::no();
    length = length * 10 + static_cast<size_t>(c - '0');
  }
  if (length > kMaxBulk) return ParseResult::no();
  const size_t body_at = header->size() + 2;
  if (reply.size() < body_at) return ParseResult::more();
  const std::string_view body = reply.substr(body_at, length);

  const auto version = line_value(body, "redis_version:");
  if (!version) {
    // The version line comes first in "# Server"; wait for the whole bulk string otherwise.
    return body.size() < length ? ParseResult::more() : ParseResult::no();
  }
  if (body.size() < length && body.find("\r\n", body.find("redis_version:")) == std::string::npos) {
    return ParseResult::more();
  }
  Identification id = redis_id();
  id.version = std::string(version_prefix(*version));
  if (const auto valkey = line_value(body, "valkey_version:")) {
    id.product = "Valkey";
    id.version = std::string(version_prefix(*valkey));
  } else if (const auto name = line_value(body, "server_name:"); name && *name == "valkey") {
    id.product = "Valkey";
  } else if (const auto dragonfly = line_value(body, "dragonfly_version:")) {
    id.product = "Dragonfly";
    std::string_view v = trim(*dragonfly);
    if (v.substr(0, 4) == "df-v") v.remove_prefix(4);
    id.version = std::string(version_prefix(v));
  }
  if (const auto mode = line_value(body, "redis_mode:")) {
    id.info = fmt::format("mode {}", trim(*mode));
  }
  if (const auto os = line_value(body, "os:")) append_info(id.info, trim(*os));
  return ParseResult::match(cleaned(id));
}

}  // namespace paicha::services::redis
