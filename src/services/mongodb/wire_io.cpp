// The one coroutine of the wire codec, apart from the parsers so that fuzz builds (which leave
// coroutine sources out, see CMakeLists.txt) still get every parser.
#include "services/mongodb/wire.h"

namespace paicha::services::mongodb {

asio::awaitable<CommandReply> run_command(net::Connection& connection, int32_t request_id,
                                          std::string_view document, net::Millis timeout) {
  CommandReply reply;
  std::error_code ec;
  if (!co_await connection.write_all(op_msg(request_id, document), timeout, ec)) {
    reply.error = "send failed: " + ec.message();
    co_return reply;
  }
  while (true) {
    switch (frame_reply(reply.bytes, reply.span)) {
      case Framing::complete:
        co_return reply;
      case Framing::invalid:
        reply.error = "malformed MongoDB reply";
        co_return reply;
      case Framing::incomplete:
        break;
    }
    const size_t n = co_await connection.read_some(reply.bytes, timeout, ec, 65536);
    if (n == 0) {
      reply.error = ec ? "no reply: " + ec.message() : "connection closed";
      co_return reply;
    }
  }
}

}  // namespace paicha::services::mongodb
