#include "net/identify.h"

#include <algorithm>

#include "net/connection.h"
#include "services/farewell.h"
#include "services/probe.h"

namespace paicha::net {

namespace {

using services::Identification;
using services::ParseResult;
using services::ProbeSpec;
using services::Verdict;
using Clock = std::chrono::steady_clock;

struct Attempt {
  Verdict verdict = Verdict::no_match;
  Identification id;
  std::string reply;  // raw bytes received (for the banner of unknown services)
  bool connected = false;
  bool tls_failed = false;
};

Millis remaining(Clock::time_point deadline, Millis cap) {
  auto left = std::chrono::duration_cast<Millis>(deadline - Clock::now());
  return std::clamp(left, Millis(1), cap);
}

// Reads until `parse` decides, the peer stops talking, or the timeout passes.
asio::awaitable<ParseResult> read_reply(Connection& conn, services::ParseFn parse,
                                        std::string& reply, Millis timeout,
                                        size_t max_bytes = 65536) {
  const auto deadline = Clock::now() + timeout;
  while (reply.size() < max_bytes) {
    std::error_code ec;
    size_t n =
        co_await conn.read_some(reply, remaining(deadline, timeout), ec, max_bytes - reply.size());
    if (n > 0 && parse) {
      ParseResult result = parse(reply);
      if (result.verdict != Verdict::need_more) co_return result;
    }
    if (ec || Clock::now() >= deadline) break;
  }
  co_return ParseResult::no();
}

struct Session {
  asio::ip::tcp::endpoint endpoint;
  IdentifyOptions options;
  std::shared_ptr<asio::ssl::context> tls_context;
  Clock::time_point deadline;

  bool out_of_time() const { return Clock::now() >= deadline; }

  asio::awaitable<std::unique_ptr<Connection>> connect(bool tls, std::error_code& ec) {
    auto conn =
        co_await Connection::open(endpoint, remaining(deadline, options.connect_timeout), ec);
    if (!conn || !tls) co_return conn;
    if (!co_await conn->start_tls(*tls_context, remaining(deadline, options.connect_timeout), ec))
      co_return nullptr;
    co_return conn;
  }

  // One probe on a fresh connection (or on `reuse`, which has seen nothing sent yet).
  asio::awaitable<Attempt> run_probe(const ProbeSpec& probe, bool tls,
                                     std::unique_ptr<Connection> reuse = nullptr) {
    Attempt attempt;
    std::error_code ec;
    // (No co_await inside a conditional expression: GCC 12 miscompiles that.)
    std::unique_ptr<Connection> conn = std::move(reuse);
    if (!conn) conn = co_await connect(tls, ec);
    if (!conn) {
      attempt.tls_failed = tls;
      co_return attempt;
    }
    attempt.connected = true;
    if (probe.read_greeting_first) {
      std::string greeting;
      co_await read_reply(*conn, services::match_greeting, greeting,
                          remaining(deadline, options.read_timeout), 4096);
      if (greeting.empty()) co_return attempt;
    }
    if (!probe.request.empty() &&
        !co_await conn->write_all(probe.request, remaining(deadline, options.read_timeout), ec))
      co_return attempt;
    ParseResult result = co_await read_reply(*conn, probe.parse, attempt.reply,
                                             remaining(deadline, options.read_timeout));
    if (result.verdict != Verdict::matched && !attempt.reply.empty() && !probe.read_greeting_first)
      result = services::match_greeting(attempt.reply);  // a server that speaks first anyway
    attempt.verdict = result.verdict;
    attempt.id = std::move(result.id);
    conn->close();
    co_return attempt;
  }
};

bool likely_for(const ProbeSpec& probe, uint16_t port) {
  return std::find(probe.likely_ports.begin(), probe.likely_ports.end(), port) !=
         probe.likely_ports.end();
}

void merge(Identification& base, const Identification& extra) {
  if (!extra.service.empty()) base.service = extra.service;
  if (!extra.product.empty()) base.product = extra.product;
  if (!extra.version.empty()) base.version = extra.version;
  if (extra.tls) base.tls = extra.tls;
  if (!extra.info.empty())
    base.info = base.info.empty() ? extra.info : base.info + "; " + extra.info;
}

}  // namespace

asio::awaitable<Asset> identify_service(asio::ip::tcp::endpoint endpoint, IdentifyOptions options,
                                        std::shared_ptr<asio::ssl::context> tls_context,
                                        std::unique_ptr<Connection> connected) {
  Asset asset;
  asset.host = endpoint.address().to_string();
  asset.port = endpoint.port();
  Session session{endpoint, options, tls_context, Clock::now() + options.budget};
  const uint16_t port = endpoint.port();

  // Primary probes: the ones whose usual port this is first, then the rest in table order.
  std::vector<const ProbeSpec*> order;
  for (const auto& probe : services::probe_table())
    if (!probe.followup && likely_for(probe, port)) order.push_back(&probe);
  for (const auto& probe : services::probe_table())
    if (!probe.followup && !likely_for(probe, port)) order.push_back(&probe);

  std::optional<Identification> found;
  std::string first_bytes;
  bool found_over_tls = false;

  // Step 1: a greeting. Skipped when the likely probe is one where the client speaks first:
  // waiting in silence would only cost time there.
  const bool client_speaks_first = !order.empty() && likely_for(*order.front(), port) &&
                                   !order.front()->request.empty() &&
                                   !order.front()->read_greeting_first;
  std::unique_ptr<Connection> silent = std::move(connected);
  const bool tls_first = options.try_tls && services::is_likely_tls_port(port);
  if (!client_speaks_first && !tls_first) {
    std::error_code ec;
    if (!silent) silent = co_await session.connect(false, ec);
    if (!silent) {
      asset.info = ec.message();
      co_return asset;
    }
    std::string greeting;
    ParseResult result =
        co_await read_reply(*silent, services::match_greeting, greeting, options.greeting_wait);
    if (!greeting.empty()) {
      first_bytes = greeting;
      // A greeting that is still arriving gets the full read timeout.
      if (result.verdict != Verdict::matched)
        result = co_await read_reply(*silent, services::match_greeting, greeting,
                                     remaining(session.deadline, options.read_timeout));
      if (result.verdict == Verdict::matched) {
        found = result.id;
        co_await services::finish_handshake(*silent, found->service, greeting, false,
                                            remaining(session.deadline, options.read_timeout));
      }
      silent.reset();  // the connection has spoken; probes use fresh ones
    }
  }

  // Runs `probes` in order until one matches. Returns false when the port stopped accepting
  // (or TLS failed): the remaining probes of that kind would fail the same way.
  bool tls_works = false;
  auto try_probes = [&](const std::vector<const ProbeSpec*>& probes,
                        bool tls) -> asio::awaitable<bool> {
    for (const ProbeSpec* probe : probes) {
      if (found || session.out_of_time()) co_return true;
      if (probe->request.empty() && !probe->read_greeting_first) continue;  // greeting-only
      // The silent connection is plaintext and unused: the first plaintext probe may take it.
      std::unique_ptr<Connection> reuse;
      if (!tls) reuse = std::move(silent);
      Attempt attempt = co_await session.run_probe(*probe, tls, std::move(reuse));
      if (tls && attempt.connected) tls_works = true;
      if (first_bytes.empty() && !attempt.reply.empty()) first_bytes = attempt.reply;
      if (attempt.verdict == Verdict::matched) {
        found = attempt.id;
        found_over_tls = tls;
      }
      if (!attempt.connected) co_return false;
    }
    co_return true;
  };

  // Plaintext first (this port's probes, then the rest), then TLS, then the few probes
  // shorter than a TLS record header: a TLS port that receives those waits for the rest of the
  // record, so each would cost a full timeout, while any longer plaintext probe is rejected by
  // a TLS server at once. Ports that usually speak TLS start with TLS.
  std::vector<const ProbeSpec*> likely, rest, short_probes;
  for (const ProbeSpec* probe : order) {
    if (likely_for(*probe, port))
      likely.push_back(probe);
    else if (probe->request.size() < 5 && !probe->read_greeting_first)
      short_probes.push_back(probe);
    else
      rest.push_back(probe);
  }
  bool plaintext_alive = true;
  if (!found && tls_first && options.try_tls) co_await try_probes(order, true);
  if (!found) plaintext_alive = co_await try_probes(likely, false);
  if (!found && plaintext_alive) plaintext_alive = co_await try_probes(rest, false);
  if (!found && !tls_first && options.try_tls && plaintext_alive && !session.out_of_time())
    co_await try_probes(order, true);
  if (!found && plaintext_alive) co_await try_probes(short_probes, false);
  if (!found && tls_works) asset.tls = true;

  if (found) {
    if (found_over_tls) found->tls = true;
    for (const auto& probe : services::probe_table()) {
      if (!probe.followup || probe.service != found->service || session.out_of_time()) continue;
      Attempt attempt = co_await session.run_probe(probe, found_over_tls);
      if (attempt.verdict == Verdict::matched) merge(*found, attempt.id);
    }
    asset.service = found->service;
    asset.product = found->product;
    asset.version = found->version;
    asset.tls = found->tls;
    asset.info = found->info;
  } else {
    asset.service = "unknown";
  }
  if (!first_bytes.empty() && (!found || asset.service == "unknown"))
    asset.banner = services::escape_banner(first_bytes);
  co_return asset;
}

}  // namespace paicha::net
