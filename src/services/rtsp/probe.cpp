#include "services/rtsp/probe.h"

#include <fmt/format.h>
#include "services/http/http_reply.h"

#include "services/probe_util.h"

namespace paicha::services::rtsp {

std::string options_request() {
  return "OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nUser-Agent: paicha\r\n\r\n";
}

ParseResult parse_options_reply(std::string_view reply) {
  http::HttpReply parsed;
  switch (http::parse_reply(reply, parsed, "RTSP/")) {
    case http::ReplyState::not_http:
      return ParseResult::no();
    case http::ReplyState::incomplete:
      return ParseResult::more();
    case http::ReplyState::complete:
      break;
  }
  Identification id;
  id.service = "rtsp";
  if (const auto server = parsed.header("Server"); server && !server->empty()) {
    const ProductVersion pv = split_product_version(*server);
    id.product = pv.product;
    id.version = pv.version;
  }
  id.info = fmt::format("status {}", parsed.status);
  if (parsed.status == 401) {
    const std::string_view scheme = parsed.header("WWW-Authenticate").value_or("");
    append_info(id.info, fmt::format("auth required {}", scheme.substr(0, scheme.find(' '))));
  }
  if (const auto methods = parsed.header("Public")) {
    append_info(id.info, fmt::format("methods {}", *methods));
  }
  return ParseResult::match(cleaned(id));
}

}  // namespace paicha::services::rtsp
