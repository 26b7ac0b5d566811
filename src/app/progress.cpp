#include "app/progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

#include "core/i18n.h"

namespace paicha::app {

std::string format_duration(double seconds) {
  if (seconds < 60) return fmt::format("{:.1f}s", seconds);
  const auto total = static_cast<uint64_t>(seconds);
  if (total < 3600) return fmt::format("{}:{:02}", total / 60, total % 60);
  return fmt::format("{}:{:02}:{:02}", total / 3600, total / 60 % 60, total % 60);
}

std::string format_rate(double per_second) {
  if (per_second >= 1e6) return fmt::format("{:.1f}M/s", per_second / 1e6);
  if (per_second >= 1e3) return fmt::format("{:.1f}k/s", per_second / 1e3);
  return fmt::format("{:.0f}/s", per_second);
}

bool Progress::stderr_is_terminal() {
  return ::isatty(STDERR_FILENO) == 1;
}

Progress::Progress(std::string unit, std::function<ProgressSample()> sample, bool enabled)
    : unit_(std::move(unit)),
      sample_(std::move(sample)),
      enabled_(enabled),
      tty_(stderr_is_terminal()),
      start_(std::chrono::steady_clock::now()),
      last_plain_(start_) {
  if (enabled_) thread_ = std::thread([this] { loop(); });
}

Progress::~Progress() {
  finish();
}

void Progress::finish() {
  {
    std::lock_guard lock(mutex_);
    if (finished_) return;
    finished_ = true;
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (enabled_) draw(true);
}

void Progress::loop() {
  std::unique_lock lock(mutex_);
  while (!stop_) {
    wake_.wait_for(lock, std::chrono::milliseconds(tty_ ? 150 : 1000));
    if (stop_) break;
    lock.unlock();
    draw(false);
    lock.lock();
  }
}

void Progress::draw(bool final) {
  const ProgressSample s = sample_();
  const auto now = std::chrono::steady_clock::now();
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(s.done) / elapsed : 0;
  std::string eta = "--";
  double fraction = 0;
  if (s.total > 0) {
    fraction = std::min(1.0, static_cast<double>(s.done) / static_cast<double>(s.total));
    if (rate > 0 && s.done < s.total)
      eta = format_duration(static_cast<double>(s.total - s.done) / rate);
    else if (s.done >= s.total)
      eta = "0.0s";
  }
  if (tty_) {
    constexpr int kWidth = 28;
    const int filled = static_cast<int>(fraction * kWidth);
    std::string bar(static_cast<size_t>(filled), '=');
    if (filled < kWidth) bar += '>' + std::string(static_cast<size_t>(kWidth - filled - 1), ' ');
    std::string line = s.total > 0
                           ? fmt::format("[{}] {:5.1f}% {}/{} {} {} ETA {} {}", bar, fraction * 100,
                                         s.done, s.total, unit_, format_rate(rate), eta, s.extra)
                           : fmt::format("{} {} {} {}", s.done, unit_, format_rate(rate), s.extra);
    std::fprintf(stderr, "\r\033[K%s%s", line.c_str(), final ? "\n" : "");
    std::fflush(stderr);
    return;
  }
  // Not a terminal (a log file, CI): a plain line every 10 s and at the end, no control codes.
  // The command's own summary closes the run, so no final plain line is needed.
  if (final || now - last_plain_ < std::chrono::seconds(10)) return;
  last_plain_ = now;
  std::fprintf(stderr, "%s: %llu/%llu %s, %s, %s %s\n", std::string(tr("进度", "progress")).c_str(),
               static_cast<unsigned long long>(s.done), static_cast<unsigned long long>(s.total),
               unit_.c_str(), format_rate(rate).c_str(), format_duration(elapsed).c_str(),
               s.extra.c_str());
}

}  // namespace paicha::app
