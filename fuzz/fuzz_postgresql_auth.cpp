// PostgreSQL authentication replies: backend framing, AuthenticationRequest, ErrorResponse and
// the SCRAM server-first / server-final messages, all chosen by the server.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "services/postgresql/wire.h"

using namespace paicha::services::postgresql;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  // A stream of backend messages, each handed to the parser for its type.
  std::string_view rest = input;
  BackendMessage message;
  size_t used = 0;
  while (next_message(rest, message, used) == Frame::complete) {
    if (message.type == 'R') {
      if (auto request = parse_auth_request(message.body)) {
        if (request->code == 11) {
          ScramSha256 scram("password", "fyko+d2lbbFgONRv9qkxdawL");
          std::string error;
          // Cheap iteration counts only: the cap itself is tested in the unit tests.
          if (scram.accept_server_first(request->data, error) && scram.iterations() <= 64) {
            scram.client_final();
            scram.verify_server_final(request->data);
          }
        }
      }
    } else if (message.type == 'E' || message.type == 'N') {
      parse_error_fields(message.body);
    }
    rest.remove_prefix(used);
  }

  // The same bytes as a bare SCRAM message, with a nonce prefix the fuzzer can find.
  ScramSha256 scram("pencil", "abc");
  std::string error;
  if (scram.accept_server_first(input, error) && scram.iterations() <= 64) {
    scram.client_final();
    scram.verify_server_final(input);
  }
  base64_decode(input);
  return 0;
}
