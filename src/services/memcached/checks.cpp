#include "services/memcached/checks.h"

#include <asio/experimental/as_tuple.hpp>
#include <asio/experimental/awaitable_operators.hpp>
#include <asio/ip/udp.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <chrono>

#include <fmt/format.h>

#include "core/i18n.h"
#include "net/connection.h"
#include "services/memcached/stats.h"
#include "services/probe_util.h"
#include "services/redis/reply_facts.h"

namespace paicha::services {

namespace {

using namespace asio::experimental::awaitable_operators;
constexpr auto kTuple = asio::experimental::as_tuple(asio::use_awaitable);
// Whoever answers UDP at all answers within this on any sane network; waiting longer only
// slows down every audit of a hardened server.
constexpr Millis kUdpWait{800};
constexpr Millis kUdpTail{200};  // for the remaining datagrams of a multi-datagram reply
constexpr size_t kMaxStatsBytes = 256 * 1024;

struct UdpAnswer {
  size_t datagrams = 0;
  size_t bytes = 0;
};

asio::awaitable<std::optional<UdpAnswer>> probe_udp(asio::ip::udp::endpoint target, Millis wait) {
  auto executor = co_await asio::this_coro::executor;
  asio::ip::udp::socket socket(executor);
  std::error_code ec;
  socket.open(target.protocol(), ec);
  if (ec) co_return std::nullopt;
  const auto request_id =
      static_cast<uint16_t>(std::chrono::steady_clock::now().time_since_epoch().count() & 0xffff);
  const std::string request = memcached::udp_request(request_id, memcached::stats_request());
  auto [send_error, sent] = co_await socket.async_send_to(asio::buffer(request), target, kTuple);
  if (send_error || sent != request.size()) co_return std::nullopt;

  UdpAnswer answer;
  size_t expected = 0;
  asio::steady_timer timer(executor);
  timer.expires_after(wait);
  char buffer[65536];
  while (expected == 0 || answer.datagrams < expected) {
    asio::ip::udp::endpoint sender;
    auto outcome = co_await (socket.async_receive_from(asio::buffer(buffer), sender, kTuple) ||
                             timer.async_wait(kTuple));
    if (outcome.index() == 1) break;
    auto [error, n] = std::get<0>(outcome);
    if (error) break;
    if (sender != target) continue;
    const auto frame = memcached::parse_udp_frame(std::string_view(buffer, n));
    if (!frame || frame->request_id != request_id) continue;
    if (answer.datagrams == 0) timer.expires_after(kUdpTail);
    expected = frame->datagrams;
    ++answer.datagrams;
    answer.bytes += n;
  }
  socket.close(ec);
  if (answer.datagrams == 0) co_return std::nullopt;
  co_return answer;
}

asio::awaitable<memcached::StatsReply> fetch_stats(net::Connection& connection, Millis timeout,
                                                   std::string& problem) {
  std::error_code ec;
  memcached::StatsReply reply;
  if (!co_await connection.write_all(memcached::stats_request(), timeout, ec)) {
    problem = ec.message();
    reply.status = memcached::StatsReply::Status::malformed;
    co_return reply;
  }
  std::string received;
  while (true) {
    reply = memcached::parse_stats_reply(received);
    if (reply.status != memcached::StatsReply::Status::need_more) co_return reply;
    if (received.size() > kMaxStatsBytes ||
        co_await connection.read_some(received, timeout, ec) == 0) {
      problem = received.size() > kMaxStatsBytes ? std::string(tr("应答过大", "reply too large"))
                                                 : (ec ? ec.message() : std::string("EOF"));
      reply.status = memcached::StatsReply::Status::malformed;
      co_return reply;
    }
  }
}

std::string stat(const memcached::StatsReply& reply, const std::string& name) {
  const auto found = reply.stats.find(name);
  return found == reply.stats.end() ? "?" : clean_text(found->second, 40);
}

}  // namespace

asio::awaitable<void> audit_memcached(AuditContext& context) {
  const std::string port = std::to_string(context.asset.port);
  bool no_tls_reported = false;
  auto report_no_tls = [&] {
    if (no_tls_reported) return;
    no_tls_reported = true;
    context.report(
        "memcached.no_tls",
        fmt::format(fmt::runtime(tr("端口 {} 以明文文本协议通信，未使用 TLS",
                                    "port {} speaks the plaintext protocol, without TLS")),
                    port));
  };
  if (context.asset.tls == false) report_no_tls();

  const bool tls = context.asset.tls.value_or(false);
  std::error_code ec;
  std::string problem;
  auto connection = co_await net::Connection::open(context.endpoint, context.timeout, ec);
  if (connection && tls) {
    if (!context.tls_context) context.tls_context = net::make_inspection_tls_context();
    if (!co_await connection->start_tls(*context.tls_context, context.timeout, ec)) {
      connection->close();
      connection.reset();
    }
  }
  if (!connection) {
    context.note(fmt::format("Memcached {}: {}", port, ec.message()));
  } else {
    const auto reply = co_await fetch_stats(*connection, context.timeout, problem);
    using Status = memcached::StatsReply::Status;
    if (reply.status == Status::complete) {
      if (!connection->is_tls()) report_no_tls();
      int64_t bytes = 0;
      const std::string bytes_text = stat(reply, "bytes");
      const bool numeric = !bytes_text.empty() &&
                           bytes_text.find_first_not_of("0123456789") == std::string::npos &&
                           bytes_text.size() < 19;
      if (numeric) bytes = std::stoll(bytes_text);
      context.report(
          "memcached.unauthorized_access",
          fmt::format(
              fmt::runtime(tr("无需认证即可执行 stats：curr_items {}，bytes {}（{}），版本 {}",
                              "stats answered without authentication: curr_items {}, "
                              "bytes {} ({}), version {}")),
              stat(reply, "curr_items"), bytes_text,
              numeric ? redis::human_bytes(bytes) : std::string("?"), stat(reply, "version")));
    } else if (reply.status == Status::refused) {
      if (!connection->is_tls()) report_no_tls();
      context.note(
          fmt::format(fmt::runtime(tr("Memcached 拒绝了 stats：{}", "Memcached refused stats: {}")),
                      reply.error));
    } else {
      context.note(fmt::format(fmt::runtime(tr("Memcached stats 应答无法解析：{}",
                                               "the Memcached stats reply could not be read: {}")),
                               problem));
    }
    // memcached closes the connection on "quit" without a reply.
    co_await connection->write_all("quit\r\n", context.timeout, ec);
    connection->close();
  }

  const asio::ip::udp::endpoint udp_target(context.endpoint.address(), context.endpoint.port());
  if (const auto answer = co_await probe_udp(udp_target, std::min(context.timeout, kUdpWait))) {
    const size_t request_bytes = memcached::udp_request(0, memcached::stats_request()).size();
    context.report(
        "memcached.udp_enabled",
        fmt::format(fmt::runtime(tr("UDP {} 端口应答了 stats：请求 {} 字节，应答 {} 个数据报共 {} "
                                    "字节（放大约 {} 倍）",
                                    "UDP port {} answered stats: a {}-byte request drew {} "
                                    "datagrams, {} bytes (about {}x amplification)")),
                    port, request_bytes, answer->datagrams, answer->bytes,
                    answer->bytes / request_bytes),
        "udp");
  }
}

}  // namespace paicha::services
