#include "services/farewell.h"

#include "services/mysql/farewell.h"
#include "services/mysql/wire.h"

namespace paicha::services {

namespace {

bool whole_mysql_packet(const std::string& bytes) {
  std::string copy = bytes;
  mysql::Packet packet;
  bool oversized = false;
  return mysql::take_packet(copy, packet, oversized) || oversized;
}

}  // namespace

asio::awaitable<void> finish_handshake(net::Connection& conn, std::string_view service,
                                       std::string_view greeting, bool after_tls,
                                       net::Millis timeout) {
  if (service != "mysql") co_return;
  std::string out = mysql::farewell_response(greeting, after_tls);
  for (int round = 0; round < 3 && !out.empty(); ++round) {
    std::error_code ec;
    if (!co_await conn.write_all(out, timeout, ec)) co_return;
    std::string reply;
    while (!whole_mysql_packet(reply)) {
      co_await conn.read_some(reply, timeout, ec, 4096);
      if (ec) co_return;
    }
    out = mysql::farewell_continue(reply);
  }
}

}  // namespace paicha::services
