// Telnet server bytes as the login check reads them: the negotiation decoder fed in uneven
// chunks (the first byte picks the chunk size) and the screen classifier on the text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "services/telnet/session.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace paicha::services::telnet;
  if (size == 0) return 0;
  const size_t chunk = 1 + data[0] % 16;
  std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  TelnetDecoder decoder;
  std::string text, replies;
  while (!bytes.empty()) {
    const size_t n = std::min(chunk, bytes.size());
    decoder.feed(bytes.substr(0, n), text, replies);
    (void)classify_screen(text);
    bytes.remove_prefix(n);
  }
  // Each refusal is IAC WONT/DONT option, and never more than one per (verb, option).
  if (replies.size() % 3 != 0 || replies.size() > 3 * 512) __builtin_trap();
  if (text.size() > size) __builtin_trap();
  return 0;
}
