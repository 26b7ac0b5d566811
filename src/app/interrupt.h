#pragma once
// Ctrl-C handling for long runs: the first SIGINT/SIGTERM asks the run to stop cleanly (what
// was found is committed and the run can be resumed); a second one exits at once.
#include <atomic>

namespace paicha::app {

class InterruptGuard {
 public:
  InterruptGuard();
  ~InterruptGuard();
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

  const std::atomic<bool>& flag() const;
  bool requested() const { return flag().load(); }
};

}  // namespace paicha::app
