#include "services/memcached/probe.h"

#include "services/probe_util.h"

namespace paicha::services::memcached {

std::string version_request() {
  return "version\r\n";
}

ParseResult parse_version_reply(std::string_view reply) {
  constexpr std::string_view kVersion = "VERSION ";
  constexpr std::string_view kUnauthenticated = "CLIENT_ERROR unauthenticated";
  const bool version = reply.substr(0, kVersion.size()) == kVersion.substr(0, reply.size());
  const bool auth =
      reply.substr(0, kUnauthenticated.size()) == kUnauthenticated.substr(0, reply.size());
  if (!version && !auth) return ParseResult::no();
  const auto line = first_line(reply);
  if (!line) return reply.size() > 128 ? ParseResult::no() : ParseResult::more();

  Identification id;
  id.service = "memcached";
  id.product = "Memcached";
  id.tls = false;
  if (auth) {
    if (*line != kUnauthenticated) return ParseResult::no();
    id.info = "auth required";
    return ParseResult::match(id);
  }
  if (line->size() <= kVersion.size()) return ParseResult::no();
  const std::string_view rest = line->substr(kVersion.size());
  id.version = std::string(version_prefix(rest));
  if (id.version.empty() || id.version.size() != rest.size()) return ParseResult::no();
  return ParseResult::match(cleaned(id));
}

}  // namespace paicha::services::memcached
