#include "services/ftp/probe.h"

#include <array>

#include "services/probe_util.h"

namespace paicha::services::ftp {

namespace {

struct KnownServer {
  std::string_view marker;  // as it appears in greetings
  std::string_view product;
};

constexpr std::array<KnownServer, 7> kServers{{
    {"vsFTPd", "vsftpd"},
    {"ProFTPD", "ProFTPD"},
    {"Pure-FTPd", "Pure-FTPd"},
    {"FileZilla Server", "FileZilla Server"},
    {"Microsoft FTP Service", "Microsoft FTP Service"},
    {"Serv-U", "Serv-U"},
    {"wu-", "WU-FTPD"},
}};

// The version right after a product marker: "vsFTPd 3.0.3", "FileZilla Server version 0.9.60",
// "Serv-U FTP Server v15.1".
std::string version_after(std::string_view text) {
  text = trim(text);
  for (const std::string_view word :
       {std::string_view("FTP Server "), std::string_view("version ")}) {
    if (starts_with_ci(text, word)) text = trim(text.substr(word.size()));
  }
  if (!text.empty() && (text.front() == 'v' || text.front() == 'V')) text.remove_prefix(1);
  return std::string(numeric_version(text));
}

}  // namespace

ParseResult parse_greeting(std::string_view greeting) {
  CodedReply reply;
  const CodedState state = parse_coded_reply(greeting, reply);
  if (state == CodedState::not_coded) return ParseResult::no();
  if (reply.code != 0 && reply.code != 220 && reply.code != 421 && reply.code != 120) {
    return ParseResult::no();
  }
  Identification id;
  id.service = "ftp";
  bool ftp = false;
  for (const auto line : reply.lines) {
    if (contains_ci(line, "SMTP")) return ParseResult::no();
    if (contains_ci(line, "FTP")) ftp = true;
    for (const auto& server : kServers) {
      const size_t at = find_ci(line, server.marker);
      if (at == std::string_view::npos || !id.product.empty()) continue;
      ftp = true;
      id.product = std::string(server.product);
      id.version = version_after(line.substr(at + server.marker.size()));
    }
  }
  if (!ftp) return state == CodedState::incomplete ? ParseResult::more() : ParseResult::no();
  if (reply.code == 421) id.info = "service not available";
  if (!reply.lines.empty()) append_info(id.info, reply.lines.front());
  return ParseResult::match(cleaned(id));
}

std::string feat_request() {
  return "FEAT\r\n";
}

ParseResult parse_feat_reply(std::string_view reply) {
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
  id.service = "ftp";
  if (parsed.code != 211) return ParseResult::match(id);  // FEAT refused: TLS stays unknown
  bool tls = false;
  for (const auto line : parsed.lines) {
    const std::string_view feature = trim(line);
    if (starts_with_ci(feature, "AUTH ") &&
        (contains_ci(feature, "TLS") || contains_ci(feature, "SSL"))) {
      tls = true;
    }
  }
  id.tls = tls;
  id.info = tls ? "AUTH TLS offered" : "AUTH TLS not offered";
  return ParseResult::match(id);
}

}  // namespace paicha::services::ftp
