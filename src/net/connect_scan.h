#pragma once
// Asynchronous TCP connect scan: one asio io_context per thread, each running a fixed pool of
// worker coroutines. Hosts are pulled lazily from a shared source into a bounded window, so
// memory does not grow with the target list, and a per-host cap keeps one slow host from
// starving the rest. Open ports are identified as they are found (pipelined).
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <vector>

#include "core/asset.h"
#include "core/targets.h"
#include "net/identify.h"

namespace paicha::net {

struct ScanOptions {
  int concurrency = 1024;  // connections in flight, all threads together
  double rate = 0;         // probes per second, all threads together; 0 = unlimited
  std::chrono::milliseconds timeout{1000};  // for one connect attempt
  int retries = 1;                          // extra attempts for a connect that timed out
  int per_host_cap = 128;                   // connections in flight to one host
  int threads = 0;                          // 0: one per core
  bool identify = true;
  int identify_concurrency = 128;  // identifications in flight, all threads together
  IdentifyOptions identify_options;
};

// Hands out hosts in their deterministic order; the engine calls it under its own lock.
class HostSource {
 public:
  virtual ~HostSource() = default;
  virtual std::optional<ScanHost> next() = 0;
};

struct ScanCounters {
  std::atomic<uint64_t> probes_done{0};
  std::atomic<uint64_t> open{0};
  std::atomic<uint64_t> hosts_done{0};
  std::atomic<uint64_t> timeouts{0};
  std::atomic<uint64_t> identified{0};
};

struct ScanEvents {
  // An open port, identified unless identification is off. Called from engine threads.
  std::function<void(const Asset&, uint64_t host_index)> on_asset;
  // Every port of the host is probed and every open one identified. Engine threads.
  std::function<void(uint64_t host_index)> on_host_done;
};

enum class ScanOutcome { completed, interrupted };

// Scans each host's own ports when it has them (imported scans), otherwise `ports`.
// Returns when the source is exhausted, or soon after `stop` becomes true (in-flight work is
// finished first, so every host reported done really is done).
ScanOutcome run_connect_scan(HostSource& source, const std::vector<uint16_t>& ports,
                             const ScanOptions& options, const ScanEvents& events,
                             ScanCounters& counters, const std::atomic<bool>& stop);

// Raises RLIMIT_NOFILE to its hard limit and returns how many descriptors may be used.
uint64_t raise_descriptor_limit();

}  // namespace paicha::net
