#include "net/connect_scan.h"

#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

#include <algorithm>
#include <asio/co_spawn.hpp>
#include <asio/detached.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/post.hpp>
#include <asio/redirect_error.hpp>
#include <asio/steady_timer.hpp>
#include <asio/use_awaitable.hpp>
#include <deque>
#include <list>
#include <mutex>
#include <optional>
#include <thread>

#include "net/asio_util.h"
#include "net/connection.h"
#include "net/rate_limiter.h"

namespace paicha::net {

uint64_t raise_descriptor_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 1024;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
  }
  return limit.rlim_cur;
}

namespace {

using Clock = std::chrono::steady_clock;

// The host list is shared by all threads; each pulls the next host when its window has room.
class SharedSource {
 public:
  explicit SharedSource(HostSource& source) : source_(source) {}
  std::optional<ScanHost> take() {
    std::lock_guard lock(mutex_);
    if (exhausted_) return std::nullopt;
    auto host = source_.next();
    if (!host) exhausted_ = true;
    return host;
  }

 private:
  std::mutex mutex_;
  HostSource& source_;
  bool exhausted_ = false;
};

// A connect() that the kernel answered on the spot has its result in `error` and no socket to
// wait on (fd < 0); otherwise `fd` is a non-blocking socket whose connect is in progress.
struct ConnectStart {
  int fd = -1;
  int error = 0;
};

bool is_local_shortage(int error) {
  return error == EMFILE || error == ENFILE || error == ENOBUFS || error == ENOMEM ||
         error == EADDRNOTAVAIL || error == EAGAIN;
}

// `spare` is a socket of the endpoint's family left unconnected by an earlier refused probe,
// or -1. Linux lets a TCP socket whose connect() failed connect again, which saves a socket()
// and a close() per closed port: most probes of a sweep hit closed ports.
ConnectStart start_connect(const asio::ip::tcp::endpoint& endpoint, int& spare) {
  ConnectStart start;
  int fd = spare;
  spare = -1;
  if (fd < 0)
    fd = ::socket(endpoint.protocol().family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    start.error = errno;
    return start;
  }
  const auto* address = endpoint.data();
  const auto length = static_cast<socklen_t>(endpoint.size());
  if (::connect(fd, address, length) == 0) {
    start.fd = fd;  // connected at once; the writability wait returns immediately
    return start;
  }
  int error = errno;
  if (error == EINPROGRESS) {
    // On loopback and fast LANs the SYN/RST exchange has already happened inside connect():
    // asking again returns the outcome, and after a refusal leaves the socket reusable.
    if (::connect(fd, address, length) == 0 || errno == EISCONN) {
      start.fd = fd;
      return start;
    }
    error = errno;
    if (error == EALREADY || error == EINPROGRESS) {
      start.fd = fd;  // still pending: wait for it on the event loop
      return start;
    }
  }
  if (is_local_shortage(error)) {
    ::close(fd);
  } else {
    spare = fd;  // refused or unreachable: the socket is unconnected again
  }
  start.error = error;
  return start;
}

std::error_code pending_connect_result(int fd) {
  int so_error = 0;
  socklen_t len = sizeof so_error;
  if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &len) != 0) so_error = errno;
  return std::error_code(so_error, std::system_category());
}

struct HostState {
  ScanHost host;
  asio::ip::address address;
  const std::vector<uint16_t>* ports = nullptr;
  size_t next_port = 0;
  std::vector<std::pair<uint16_t, int>> retry_queue;  // (port, attempt)
  int inflight = 0;
  int identifying = 0;
  bool in_ready = false;
  std::list<HostState>::iterator self;

  bool has_work() const { return next_port < ports->size() || !retry_queue.empty(); }
  bool finished() const { return !has_work() && inflight == 0 && identifying == 0; }
};

struct Job {
  HostState* host = nullptr;
  uint16_t port = 0;
  int attempt = 0;
};

class ThreadEngine {
 public:
  ThreadEngine(SharedSource& source, const std::vector<uint16_t>& ports, const ScanOptions& options,
               const ScanEvents& events, ScanCounters& counters, const std::atomic<bool>& stop,
               int workers, double rate, int identify_cap,
               std::shared_ptr<asio::ssl::context> tls_context)
      : source_(source),
        ports_(ports),
        options_(options),
        events_(events),
        counters_(counters),
        stop_(stop),
        workers_(workers),
        identify_cap_(std::max(1, identify_cap)),
        limiter_(rate),
        tls_context_(std::move(tls_context)) {
    const size_t per_host =
        std::max<size_t>(1, std::min<size_t>(static_cast<size_t>(options.per_host_cap),
                                             std::max<size_t>(ports.size(), 1)));
    window_ = std::max<size_t>(8, 2 * (static_cast<size_t>(workers) + per_host - 1) / per_host);
  }

  void run() {
    for (int i = 0; i < workers_; ++i) asio::co_spawn(io_, worker(), asio::detached);
    io_.run();
  }

 private:
  bool stopping() const { return stop_.load(std::memory_order_relaxed); }

  void refill() {
    while (!stopping() && !source_done_ && active_.size() < window_) {
      auto host = source_.take();
      if (!host) {
        source_done_ = true;
        break;
      }
      active_.emplace_back();
      HostState& state = active_.back();
      state.self = std::prev(active_.end());
      state.host = std::move(*host);
      state.address = to_asio(state.host.addr);
      state.ports = state.host.ports.empty() ? &ports_ : &state.host.ports;
      if (state.has_work()) {
        ready_.push_back(&state);
        state.in_ready = true;
      } else {
        maybe_finish(&state);
      }
    }
  }

  std::optional<Job> take_job() {
    refill();
    while (!ready_.empty()) {
      HostState* host = ready_.front();
      ready_.pop_front();
      host->in_ready = false;
      if (!host->has_work() || host->inflight >= options_.per_host_cap) continue;
      Job job{host, 0, 0};
      if (!host->retry_queue.empty()) {
        std::tie(job.port, job.attempt) = host->retry_queue.back();
        host->retry_queue.pop_back();
      } else {
        job.port = (*host->ports)[host->next_port++];
      }
      ++host->inflight;
      ++inflight_;
      make_ready(host);
      return job;
    }
    return std::nullopt;
  }

  void make_ready(HostState* host) {
    if (!host->in_ready && host->has_work() && host->inflight < options_.per_host_cap) {
      ready_.push_back(host);
      host->in_ready = true;
    }
  }

  void maybe_finish(HostState* host) {
    if (!host->finished()) return;
    const uint64_t index = host->host.index;
    active_.erase(host->self);
    counters_.hosts_done.fetch_add(1, std::memory_order_relaxed);
    if (events_.on_host_done) events_.on_host_done(index);
  }

  bool all_done() const {
    if (stopping()) return inflight_ == 0 && identifying_ == 0;
    return source_done_ && active_.empty();
  }

  void wake_one() {
    if (waiters_.empty()) return;
    waiters_.back()->cancel();
    waiters_.pop_back();
  }

  void wake_all() {
    while (!waiters_.empty()) wake_one();
  }

  void job_finished(HostState* host) {
    --host->inflight;
    --inflight_;
    make_ready(host);
    maybe_finish(host);
    wake_one();
    if (all_done()) wake_all();
  }

  // `connected` is the scan's own connection to the port, handed on so that identification
  // reads the greeting on it instead of hanging up on the server (queued ones are closed).
  void start_identification(HostState* host, uint16_t port, asio::ip::tcp::socket connected) {
    ++host->identifying;
    ++identifying_;
    if (identify_inflight_ >= identify_cap_) {
      std::error_code ignored;
      connected.close(ignored);
      identify_queue_.emplace_back(host, port);
      return;
    }
    launch_identification(host, port, std::move(connected));
  }

  void launch_identification(HostState* host, uint16_t port,
                             std::optional<asio::ip::tcp::socket> connected = std::nullopt) {
    ++identify_inflight_;
    std::unique_ptr<Connection> adopted;
    if (connected && connected->is_open()) adopted = Connection::adopt(std::move(*connected));
    asio::co_spawn(io_, identify_and_report(host, port, std::move(adopted)),
                   [this, host](std::exception_ptr) {
                     --identify_inflight_;
                     --identifying_;
                     --host->identifying;
                     counters_.identified.fetch_add(1, std::memory_order_relaxed);
                     if (!identify_queue_.empty() && !stopping()) {
                       auto [next_host, next_port] = identify_queue_.front();
                       identify_queue_.pop_front();
                       launch_identification(next_host, next_port);
                     }
                     if (stopping()) {
                       // Queued identifications are dropped: their hosts are not done and will be
                       // probed again on --resume.
                       for (auto& [queued_host, queued_port] : identify_queue_) {
                         --identifying_;
                         --queued_host->identifying;
                       }
                       identify_queue_.clear();
                     }
                     maybe_finish(host);
                     wake_one();
                     if (all_done()) wake_all();
                   });
  }

  asio::awaitable<void> identify_and_report(HostState* host, uint16_t port,
                                            std::unique_ptr<Connection> connected) {
    const asio::ip::tcp::endpoint endpoint(host->address, port);
    Asset asset = co_await identify_service(endpoint, options_.identify_options, tls_context_,
                                            std::move(connected));
    asset.host = host->host.addr.to_string();
    asset.hostname = host->host.hostname;
    if (events_.on_asset) events_.on_asset(asset, host->host.index);
  }

  void report_open(HostState* host, uint16_t port, asio::ip::tcp::socket& connected) {
    counters_.open.fetch_add(1, std::memory_order_relaxed);
    if (options_.identify) {
      start_identification(host, port, std::move(connected));
      return;
    }
    Asset asset;
    asset.host = host->host.addr.to_string();
    asset.hostname = host->host.hostname;
    asset.port = port;
    if (events_.on_asset) events_.on_asset(asset, host->host.index);
  }

  asio::awaitable<void> worker() {
    asio::ip::tcp::socket socket(io_);
    asio::steady_timer deadline(io_);
    asio::steady_timer idle(io_);
    uint64_t generation = 0;
    int spare_v4 = -1;
    int spare_v6 = -1;
    for (;;) {
      std::optional<Job> job;
      if (!stopping()) job = take_job();
      if (!job) {
        if (all_done()) break;
        idle.expires_at(Clock::time_point::max());
        waiters_.push_back(&idle);
        std::error_code ignored;
        co_await idle.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
        std::erase(waiters_, &idle);
        continue;
      }
      if (limiter_.limited()) {
        auto slot = limiter_.reserve();
        if (slot > Clock::now()) {
          idle.expires_at(slot);
          std::error_code ignored;
          co_await idle.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
        }
      }

      HostState* host = job->host;
      const asio::ip::tcp::endpoint endpoint(host->address, job->port);
      std::error_code ec;
      int& spare = endpoint.address().is_v4() ? spare_v4 : spare_v6;
      ConnectStart start = start_connect(endpoint, spare);
      if (start.fd < 0 && start.error != 0 && is_local_shortage(start.error)) {
        // Out of descriptors, buffers or ephemeral ports: put the probe back, let others finish.
        host->retry_queue.emplace_back(job->port, job->attempt);
        idle.expires_after(std::chrono::milliseconds(5));
        std::error_code ignored;
        co_await idle.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
        job_finished(host);
        continue;
      }
      if (start.fd < 0) {
        // Answered during connect() itself (loopback and LAN RSTs usually are): no event loop
        // round trip. Yield now and then so timers and identifications still run.
        ec = std::error_code(start.error, std::system_category());
        if (++synchronous_ % 64 == 0) co_await asio::post(io_, asio::use_awaitable);
      } else {
        socket.assign(endpoint.protocol(), start.fd, ec);
        const uint64_t this_probe = ++generation;
        deadline.expires_after(options_.timeout);
        deadline.async_wait([&socket, &generation, this_probe](std::error_code timer_ec) {
          if (!timer_ec && generation == this_probe) {
            std::error_code ignored;
            socket.cancel(ignored);
          }
        });
        co_await socket.async_wait(asio::ip::tcp::socket::wait_write,
                                   asio::redirect_error(asio::use_awaitable, ec));
        ++generation;  // a late timer handler must not touch the next probe's socket
        deadline.cancel();
        if (!ec) ec = pending_connect_result(socket.native_handle());
      }

      if (socket.is_open() && ec) {
        std::error_code ignored;
        socket.close(ignored);
      }
      if (!ec) {
        counters_.probes_done.fetch_add(1, std::memory_order_relaxed);
        asio::ip::tcp::socket connected(std::move(socket));  // the worker's socket is free again
        report_open(host, job->port, connected);
        std::error_code ignored;
        connected.close(ignored);  // no-op when identification took it
      } else if (ec == asio::error::operation_aborted || ec == asio::error::timed_out) {
        counters_.timeouts.fetch_add(1, std::memory_order_relaxed);
        if (job->attempt < options_.retries)
          host->retry_queue.emplace_back(job->port, job->attempt + 1);
        else
          counters_.probes_done.fetch_add(1, std::memory_order_relaxed);
      } else if (is_local_shortage(ec.value())) {
        host->retry_queue.emplace_back(job->port, job->attempt);  // local shortage, not an answer
      } else {
        counters_.probes_done.fetch_add(1, std::memory_order_relaxed);  // refused/unreachable
      }
      job_finished(host);
    }
    if (spare_v4 >= 0) ::close(spare_v4);
    if (spare_v6 >= 0) ::close(spare_v6);
    wake_all();
  }

  SharedSource& source_;
  const std::vector<uint16_t>& ports_;
  const ScanOptions& options_;
  const ScanEvents& events_;
  ScanCounters& counters_;
  const std::atomic<bool>& stop_;
  int workers_;
  int identify_cap_;
  RateLimiter limiter_;
  std::shared_ptr<asio::ssl::context> tls_context_;
  asio::io_context io_{1};
  size_t window_ = 8;
  bool source_done_ = false;
  std::list<HostState> active_;
  std::deque<HostState*> ready_;
  std::vector<asio::steady_timer*> waiters_;
  int inflight_ = 0;
  int identifying_ = 0;
  int identify_inflight_ = 0;
  uint64_t synchronous_ = 0;
  std::deque<std::pair<HostState*, uint16_t>> identify_queue_;
};

}  // namespace

ScanOutcome run_connect_scan(HostSource& source, const std::vector<uint16_t>& ports,
                             const ScanOptions& options, const ScanEvents& events,
                             ScanCounters& counters, const std::atomic<bool>& stop) {
  const uint64_t descriptors = raise_descriptor_limit();
  int threads = options.threads > 0
                    ? options.threads
                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  int concurrency = std::max(1, options.concurrency);
  // Leave room for identification sockets, the store and the standard streams.
  const uint64_t budget =
      descriptors > 256
          ? descriptors - 128 - static_cast<uint64_t>(options.identify_concurrency) * 2
          : 64;
  concurrency = static_cast<int>(std::min<uint64_t>(static_cast<uint64_t>(concurrency), budget));
  threads = std::min(threads, concurrency);

  SharedSource shared(source);
  auto tls_context = make_inspection_tls_context();
  std::vector<std::unique_ptr<ThreadEngine>> engines;
  for (int t = 0; t < threads; ++t) {
    const int workers = concurrency / threads + (t < concurrency % threads ? 1 : 0);
    engines.push_back(
        std::make_unique<ThreadEngine>(shared, ports, options, events, counters, stop, workers,
                                       options.rate > 0 ? options.rate / threads : 0,
                                       options.identify_concurrency / threads, tls_context));
  }
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back([&engines, t] { engines[t]->run(); });
  engines[0]->run();
  for (auto& thread : pool) thread.join();
  return stop.load() ? ScanOutcome::interrupted : ScanOutcome::completed;
}

}  // namespace paicha::net
