// The HTTP exchange of the audit, apart from the body parsers so that fuzz builds (which leave
// coroutine sources out, see CMakeLists.txt) still get every parser.
#include "net/connection.h"
#include "services/elasticsearch/rest.h"
#include "services/http/http_reply.h"

namespace paicha::services::elasticsearch {

asio::awaitable<RestReply> rest_get(AuditContext& context, bool tls, std::string_view path,
                                    std::string_view authorization) {
  RestReply result;
  std::error_code ec;
  auto connection = co_await net::Connection::open(context.endpoint, context.timeout, ec);
  if (!connection) {
    result.error = ec.message();
    co_return result;
  }
  if (tls) {
    if (!context.tls_context) context.tls_context = net::make_inspection_tls_context();
    if (!co_await connection->start_tls(*context.tls_context, context.timeout, ec)) {
      result.error = "TLS: " + ec.message();
      connection->close();
      co_return result;
    }
  }
  const std::string host =
      context.asset.hostname.empty() ? context.asset.host : context.asset.hostname;
  std::string request = "GET " + std::string(path) + " HTTP/1.1\r\nHost: " + host + ":" +
                        std::to_string(context.endpoint.port()) +
                        "\r\nUser-Agent: paicha\r\nAccept: application/json\r\n";
  if (!authorization.empty()) request += "Authorization: " + std::string(authorization) + "\r\n";
  request += "Connection: close\r\n\r\n";
  if (!co_await connection->write_all(request, context.timeout, ec)) {
    result.error = ec.message();
    connection->close();
    co_return result;
  }
  std::string bytes;
  http::HttpReply reply;
  while (true) {
    const size_t n = co_await connection->read_some(bytes, context.timeout, ec);
    const bool closed = n == 0;
    const http::ReplyState state = http::parse_reply(bytes, reply);
    if (state == http::ReplyState::not_http) {
      result.error = "not an HTTP reply";
      break;
    }
    // Framing says complete, or the server closed: take what arrived.
    if (state == http::ReplyState::complete || (closed && reply.status != 0)) {
      result.status = reply.status;
      result.body = reply.body;
      // parse_reply keeps at most kMaxBody bytes of a longer body.
      result.truncated = reply.body.size() >= http::kMaxBody;
      break;
    }
    if (closed) {
      result.error = ec ? ec.message() : "connection closed";
      break;
    }
  }
  connection->close();
  co_return result;
}

}  // namespace paicha::services::elasticsearch
