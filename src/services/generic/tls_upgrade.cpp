#include "services/generic/tls_upgrade.h"

#include "services/postgresql/probe.h"

namespace paicha::services {

TlsUpgrade tls_upgrade_for(const std::string& service) {
  if (service == "postgresql") return TlsUpgrade::postgresql;
  if (service == "mysql") return TlsUpgrade::mysql;
  if (service == "ftp") return TlsUpgrade::ftp;
  if (service == "ssh" || service == "telnet" || service == "unknown") return TlsUpgrade::none;
  return TlsUpgrade::direct;
}

std::string mysql_ssl_request_packet(uint8_t sequence_id) {
  // Protocol::SSLRequest: capability flags (4), max packet size (4), character set (1),
  // 23 filler bytes; behind a 3-byte length and the sequence id.
  constexpr uint32_t kCapabilities = 0x00000200 /*PROTOCOL_41*/ | 0x00000800 /*SSL*/ |
                                     0x00008000 /*SECURE_CONNECTION*/ | 0x00080000 /*PLUGIN_AUTH*/;
  std::string packet = {32, 0, 0, static_cast<char>(sequence_id)};
  for (int i = 0; i < 4; ++i)
    packet.push_back(static_cast<char>((kCapabilities >> (8 * i)) & 0xff));
  for (uint32_t v : {0x01000000u}) {
    for (int i = 0; i < 4; ++i) packet.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
  }
  packet.push_back(static_cast<char>(0x21));  // utf8_general_ci
  packet.append(23, '\0');
  return packet;
}

namespace {

// Reads until `complete` says the reply is whole or the peer stops.
asio::awaitable<std::string> read_until(net::Connection& conn, net::Millis timeout,
                                        bool (*complete)(const std::string&)) {
  std::string reply;
  for (int i = 0; i < 16 && !complete(reply); ++i) {
    std::error_code ec;
    co_await conn.read_some(reply, timeout, ec, 8192);
    if (ec) break;
  }
  co_return reply;
}

bool ftp_reply_complete(const std::string& reply) {
  // A final reply line is "ddd " (a space after the code) ending in CRLF.
  size_t start = 0;
  while (start < reply.size()) {
    size_t end = reply.find("\r\n", start);
    if (end == std::string::npos) return false;
    if (end - start >= 4 && reply[start + 3] == ' ') return true;
    start = end + 2;
  }
  return false;
}

bool mysql_packet_complete(const std::string& reply) {
  if (reply.size() < 4) return false;
  size_t length = static_cast<uint8_t>(reply[0]) | (static_cast<uint8_t>(reply[1]) << 8) |
                  (static_cast<uint8_t>(reply[2]) << 16);
  return reply.size() >= 4 + length;
}

bool one_byte(const std::string& reply) {
  return !reply.empty();
}

}  // namespace

asio::awaitable<std::unique_ptr<net::Connection>> open_tls(asio::ip::tcp::endpoint endpoint,
                                                           TlsUpgrade upgrade,
                                                           asio::ssl::context& context,
                                                           net::Millis timeout, std::string& why,
                                                           std::string* greeting_out) {
  std::error_code ec;
  auto conn = co_await net::Connection::open(endpoint, timeout, ec);
  if (!conn) {
    why = ec.message();
    co_return nullptr;
  }
  switch (upgrade) {
    case TlsUpgrade::none:
      why = "no TLS in this protocol";
      co_return nullptr;
    case TlsUpgrade::direct:
      break;
    case TlsUpgrade::postgresql: {
      if (!co_await conn->write_all(postgresql::ssl_request(), timeout, ec)) break;
      std::string reply = co_await read_until(*conn, timeout, one_byte);
      if (reply != "S") {
        why = "SSLRequest refused";
        co_return nullptr;
      }
      break;
    }
    case TlsUpgrade::mysql: {
      std::string greeting = co_await read_until(*conn, timeout, mysql_packet_complete);
      if (greeting.size() < 5 || static_cast<uint8_t>(greeting[4]) != 10) {
        why = "no MySQL greeting";
        co_return nullptr;
      }
      if (!co_await conn->write_all(mysql_ssl_request_packet(1), timeout, ec)) break;
      if (greeting_out) *greeting_out = greeting;
      break;
    }
    case TlsUpgrade::ftp: {
      std::string greeting = co_await read_until(*conn, timeout, ftp_reply_complete);
      if (!greeting.starts_with("220")) {
        why = "no FTP greeting";
        co_return nullptr;
      }
      if (!co_await conn->write_all("AUTH TLS\r\n", timeout, ec)) break;
      std::string reply = co_await read_until(*conn, timeout, ftp_reply_complete);
      if (!reply.starts_with("234")) {
        why = "AUTH TLS refused";
        co_return nullptr;
      }
      break;
    }
  }
  if (ec) {
    why = ec.message();
    co_return nullptr;
  }
  if (!co_await conn->start_tls(context, timeout, ec)) {
    why = ec ? ec.message() : "TLS handshake failed";
    co_return nullptr;
  }
  co_return conn;
}

}  // namespace paicha::services
