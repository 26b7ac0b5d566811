#include "services/zookeeper/probe.h"

#include <fmt/format.h>

#include "services/probe_util.h"

namespace paicha::services::zookeeper {

std::string srvr_request() {
  return "srvr";
}

ParseResult parse_srvr_reply(std::string_view reply) {
  constexpr std::string_view kVersion = "Zookeeper version: ";
  constexpr std::string_view kRefused = "srvr is not executed because it is not in the whitelist.";
  const auto prefix_of = [&](std::string_view whole) {
    return reply.substr(0, whole.size()) == whole.substr(0, reply.size());
  };
  if (reply.empty()) return ParseResult::more();
  Identification id;
  id.service = "zookeeper";
  id.product = "ZooKeeper";
  id.tls = false;
  if (prefix_of(kRefused)) {
    if (reply.size() < kRefused.size()) return ParseResult::more();
    id.info = "four-letter words not whitelisted";
    return ParseResult::match(id);
  }
  if (!prefix_of(kVersion)) return ParseResult::no();
  const auto line = first_line(reply);
  if (!line) return reply.size() > 512 ? ParseResult::no() : ParseResult::more();
  const std::string_view text = line->substr(kVersion.size());
  id.version = std::string(numeric_version(text));
  if (id.version.empty()) return ParseResult::no();
  if (const size_t built = text.find(", built on "); built != std::string_view::npos) {
    id.info = fmt::format("built on {}", trim(text.substr(built + 11)));
  }
  if (const auto mode = line_value(reply, "Mode: "))
    append_info(id.info, fmt::format("mode {}", *mode));
  return ParseResult::match(cleaned(id));
}

}  // namespace paicha::services::zookeeper
