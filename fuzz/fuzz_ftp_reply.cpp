// FTP control replies as the checks read them: every reply in a stream of server bytes, and the
// passive-mode port parsers on each reply's text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "services/ftp/reply.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace paicha::services::ftp;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  FtpReply reply;
  size_t consumed = 0;
  while (parse_reply(bytes, reply, consumed) == ReplyState::complete) {
    if (consumed == 0 || consumed > bytes.size()) __builtin_trap();
    for (const auto& line : reply.lines) {
      parse_pasv_port(line);
      parse_epsv_port(line);
    }
    (void)reply.summary();
    bytes.remove_prefix(consumed);
  }
  parse_pasv_port(std::string_view(reinterpret_cast<const char*>(data), size));
  parse_epsv_port(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
