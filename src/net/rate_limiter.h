#pragma once
// Paces probes to a rate (probes/s) by handing out evenly spaced start times. One limiter per
// engine thread (each gets its share of the global rate), so no locking is needed.
#include <chrono>

namespace paicha::net {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  explicit RateLimiter(double per_second = 0) { set_rate(per_second); }

  void set_rate(double per_second) {
    interval_ = per_second > 0 ? std::chrono::duration_cast<Clock::duration>(
                                     std::chrono::duration<double>(1.0 / per_second))
                               : Clock::duration::zero();
  }
  bool limited() const { return interval_ > Clock::duration::zero(); }

  // The time at which the next probe may start; the caller waits until then.
  Clock::time_point reserve() {
    if (!limited()) return Clock::time_point::min();
    const auto now = Clock::now();
    // No bursts after an idle period: a late caller starts now, not at a stale slot.
    if (next_ < now) next_ = now;
    const auto slot = next_;
    next_ += interval_;
    return slot;
  }

 private:
  Clock::duration interval_{};
  Clock::time_point next_{};
};

}  // namespace paicha::net
