#pragma once
// The client side of a Telnet login (RFC 854/855): option negotiation is refused outright
// (WONT to every DO, DONT to every WILL, each answered once so no loop can start), and the text
// the server shows is classified as a login prompt, a password prompt, a shell or a failure.
// Both work on bytes that a server chooses, so they are fuzzed (fuzz/fuzz_telnet.cpp).
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

namespace paicha::services::telnet {

class TelnetDecoder {
 public:
  // Consumes `bytes` (any split is fine): their text goes to `text`, the answers that must
  // be sent back go to `replies`.
  void feed(std::string_view bytes, std::string& text, std::string& replies);

 private:
  enum class State { data, iac, option, subnegotiation, subnegotiation_iac };
  State state_ = State::data;
  uint8_t verb_ = 0;
  std::set<uint16_t> answered_;  // (verb << 8 | option) already refused
};

enum class Screen {
  nothing,          // no decisive text yet
  login_prompt,     // "login:", "Username:"
  password_prompt,  // "Password:"
  shell,            // a shell or device prompt ("$ ", "# ", "> ", "Last login")
  login_failed,     // "Login incorrect", "Authentication failed", ...
};

// Classifies what the server has shown since the client last sent a line.
Screen classify_screen(std::string_view text);

}  // namespace paicha::services::telnet
