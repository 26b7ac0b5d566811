#pragma once
// A progress line on stderr: a bar with rate and ETA on a terminal, an occasional plain line
// otherwise. Runs on its own thread and only reads counters, so the hot path pays nothing.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace paicha::app {

struct ProgressSample {
  uint64_t done = 0;
  uint64_t total = 0;  // 0: unknown
  std::string extra;   // e.g. "open 3"
};

class Progress {
 public:
  // `unit` names what is counted ("probes", "files"); `sample` is polled a few times a second.
  Progress(std::string unit, std::function<ProgressSample()> sample, bool enabled);
  ~Progress();
  void finish();  // final redraw and newline; idempotent

  static bool stderr_is_terminal();

 private:
  void loop();
  void draw(bool final);

  std::string unit_;
  std::function<ProgressSample()> sample_;
  bool enabled_;
  bool tty_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_plain_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  bool finished_ = false;
  std::thread thread_;
};

// "1:05", "12.3s"
std::string format_duration(double seconds);
// "85.2k/s"
std::string format_rate(double per_second);

}  // namespace paicha::app
