#include "app/interrupt.h"

#include <unistd.h>

#include <csignal>

namespace paicha::app {

namespace {
std::atomic<bool> g_stop{false};
struct sigaction g_old_int {};
struct sigaction g_old_term {};

void on_signal(int) {
  if (g_stop.exchange(true)) _exit(130);
  static const char message[] =
      "\n中断：正在保存已完成的结果，稍后可用 --resume 继续（再按一次 Ctrl-C 立即退出）\n"
      "interrupted: saving what is done; continue later with --resume (Ctrl-C again to quit)\n";
  ssize_t ignored = write(STDERR_FILENO, message, sizeof message - 1);
  (void)ignored;
}
}  // namespace

InterruptGuard::InterruptGuard() {
  g_stop = false;
  struct sigaction action {};
  action.sa_handler = on_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, &g_old_int);
  sigaction(SIGTERM, &action, &g_old_term);
}

InterruptGuard::~InterruptGuard() {
  sigaction(SIGINT, &g_old_int, nullptr);
  sigaction(SIGTERM, &g_old_term, nullptr);
}

const std::atomic<bool>& InterruptGuard::flag() const {
  return g_stop;
}

}  // namespace paicha::app
