#include "services/ssh/probe.h"

#include <array>
#include <string>

#include <fmt/format.h>

#include "services/probe_util.h"

namespace paicha::services::ssh {

namespace {

constexpr size_t kMaxBanner = 255;  // RFC 4253: at most 255 characters including CR LF

struct KnownProduct {
  std::string_view software_prefix;
  std::string_view product;
};

constexpr std::array<KnownProduct, 4> kProducts{{
    {"OpenSSH", "OpenSSH"},
    {"dropbear", "Dropbear SSH"},
    {"libssh", "libssh"},
    {"Cisco", "Cisco SSH"},
}};

}  // namespace

ParseResult parse_banner(std::string_view greeting) {
  constexpr std::string_view kPrefix = "SSH-";
  if (greeting.substr(0, kPrefix.size()) != kPrefix.substr(0, greeting.size())) {
    return ParseResult::no();
  }
  const auto line = first_line(greeting);
  if (!line) return greeting.size() > kMaxBanner ? ParseResult::no() : ParseResult::more();
  if (line->size() > kMaxBanner) return ParseResult::no();

  const std::string_view rest = line->substr(kPrefix.size());
  const size_t dash = rest.find('-');
  if (dash == std::string_view::npos || dash == 0) return ParseResult::no();
  const std::string_view protocol = rest.substr(0, dash);
  const std::string_view after = rest.substr(dash + 1);
  const size_t space = after.find(' ');
  const std::string_view software = after.substr(0, space);
  const std::string_view comments =
      space == std::string_view::npos ? std::string_view{} : trim(after.substr(space + 1));
  if (software.empty()) return ParseResult::no();

  Identification id;
  id.service = "ssh";
  // "OpenSSH_9.2p1", "dropbear_2022.83", "Cisco-1.25", "libssh_0.10.4"
  size_t cut = software.find('_');
  if (cut == std::string_view::npos) cut = software.rfind('-');
  const std::string_view name = software.substr(0, cut);
  id.product = std::string(name);
  if (cut != std::string_view::npos)
    id.version = std::string(version_prefix(software.substr(cut + 1)));
  for (const auto& known : kProducts) {
    if (starts_with_ci(name, known.software_prefix)) id.product = std::string(known.product);
  }
  id.info = fmt::format("protocol {}", protocol);
  append_info(id.info, comments);
  return ParseResult::match(cleaned(id));
}

}  // namespace paicha::services::ssh
