#pragma once
// FTP control replies (RFC 959 4.2) and passive-mode answers, parsed from raw server bytes.
// Pure functions, fuzzed by fuzz/fuzz_ftp_reply.cpp.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace paicha::services::ftp {

struct FtpReply {
  int code = 0;
  std::vector<std::string> lines;  // the text of each line, codes and "\r\n" removed
  std::string raw;                 // the reply's bytes as received
  std::string summary() const;     // "530 Login incorrect.", cleaned and short, for notes
};

enum class ReplyState { incomplete, complete, malformed };

// Parses the first reply in `bytes` ("ddd text" or "ddd-text" ... "ddd text"). On `complete`,
// `consumed` is the number of bytes it took (a 150 and a 226 may arrive together).
ReplyState parse_reply(std::string_view bytes, FtpReply& out, size_t& consumed);

// The data port from a "227 Entering Passive Mode (h1,h2,h3,h4,p1,p2)" reply text, or from a
// "229 Entering Extended Passive Mode (|||port|)" one. The address of a 227 is ignored on
// purpose: data connections go to the control connection's host only (no FTP bounce).
std::optional<uint16_t> parse_pasv_port(std::string_view text);
std::optional<uint16_t> parse_epsv_port(std::string_view text);

// A user name or password that would smuggle a second command into the control connection.
bool unsafe_argument(std::string_view argument);

}  // namespace paicha::services::ftp
