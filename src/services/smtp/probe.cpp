#include "services/smtp/probe.h"

#include <array>

#include <fmt/format.h>

#include "services/probe_util.h"

namespace paicha::services::smtp {

namespace {

struct KnownServer {
  std::string_view marker;
  std::string_view product;
};

constexpr std::array<KnownServer, 8> kServers{{
    {"Postfix", "Postfix"},
    {"Exim", "Exim"},
    {"Sendmail", "Sendmail"},
    {"Microsoft ESMTP MAIL Service", "Microsoft Exchange"},
    {"Coremail", "Coremail"},
    {"hMailServer", "hMailServer"},
    {"Zimbra", "Zimbra"},
    {"OpenSMTPD", "OpenSMTPD"},
}};

}  // namespace

ParseResult parse_greeting(std::string_view greeting) {
  CodedReply reply;
  const CodedState state = parse_coded_reply(greeting, reply);
  if (state == CodedState::not_coded) return ParseResult::no();
  if (reply.code != 0 && reply.code != 220 && reply.code != 421 && reply.code != 554) {
    return ParseResult::no();
  }
  Identification id;
  id.service = "smtp";
  bool smtp = false;
  for (const auto line : reply.lines) {
    if (contains_ci(line, "SMTP")) smtp = true;
    for (const auto& server : kServers) {
      const size_t at = find_ci(line, server.marker);
      if (at == std::string_view::npos || !id.product.empty()) continue;
      smtp = true;
      id.product = std::string(server.product);
      std::string_view after = trim(line.substr(at + server.marker.size()));
      if (!after.empty() && after.front() == 'v') after.remove_prefix(1);
      id.version = std::string(numeric_version(after));
    }
  }
  if (!smtp) return state == CodedState::incomplete ? ParseResult::more() : ParseResult::no();
  if (reply.code != 220) id.info = fmt::format("refusing connections ({})", reply.code);
  if (!reply.lines.empty()) append_info(id.info, reply.lines.front());
  return ParseResult::match(cleaned(id));
}

std::string ehlo_request() {
  return "EHLO paicha\r\n";
}

ParseResult parse_ehlo_reply(std::string_view reply) {
  CodedReply parsed;
  switch (parse_coded_reply(reply, parsed)) {
    case CodedState::not_coded:
      return ParseResult::no();
    case CodedState::incomplete:
      return ParseResult::more();
    case CodedState::complete:
      break;
  }
  Identification id;
  id.service = "smtp";
  if (parsed.code != 250) return ParseResult::match(id);  // EHLO refused: TLS stays unknown
  bool starttls = false;
  std::string auth;
  // The first line is the server's greeting name; the rest are extension keywords.
  for (size_t i = 1; i < parsed.lines.size(); ++i) {
    const std::string_view keyword = trim(parsed.lines[i]);
    if (starts_with_ci(keyword, "STARTTLS")) starttls = true;
    if (starts_with_ci(keyword, "AUTH ") || starts_with_ci(keyword, "AUTH=")) {
      auth = std::string(trim(keyword.substr(5)));
    }
  }
  id.tls = starttls;
  id.info = starttls ? "STARTTLS offered" : "STARTTLS not offered";
  if (!auth.empty()) append_info(id.info, fmt::format("AUTH {}", auth));
  return ParseResult::match(cleaned(id));
}

}  // namespace paicha::services::smtp
