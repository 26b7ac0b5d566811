#include "services/telnet/checks.h"

#include <fmt/format.h>

#include <algorithm>

#include <chrono>
#include <memory>

#include "core/i18n.h"
#include "net/connection.h"
#include "services/probe_util.h"
#include "services/telnet/session.h"

namespace paicha::services::telnet {

namespace {

using Clock = std::chrono::steady_clock;
constexpr size_t kMaxScreen = 16 * 1024;
// Named, not literal: GCC 12 rejects string literals inside some co_return expressions.
constexpr std::string_view kNoPasswordAsked = "no password asked";
constexpr std::string_view kExit = "exit";

constexpr unsigned screen_bit(Screen screen) {
  return 1u << static_cast<unsigned>(screen);
}
constexpr unsigned kLogin = screen_bit(Screen::login_prompt);
constexpr unsigned kPassword = screen_bit(Screen::password_prompt);
constexpr unsigned kShell = screen_bit(Screen::shell);
constexpr unsigned kFailed = screen_bit(Screen::login_failed);

class TelnetClient {
 public:
  explicit TelnetClient(std::unique_ptr<net::Connection> connection)
      : connection_(std::move(connection)) {}

  // Reads until the screen shows one of `wanted` or `limit` passes; the last screen seen.
  // `wanted` is a set of screen_bit()s (no initializer lists: GCC 12 cannot keep their arrays
  // in a coroutine frame).
  asio::awaitable<Screen> wait_for(unsigned wanted, Millis limit) {
    const auto deadline = Clock::now() + limit;
    Screen screen = classify_screen(text_);
    while ((wanted & screen_bit(screen)) == 0) {
      const auto left = std::chrono::duration_cast<Millis>(deadline - Clock::now());
      if (left.count() <= 0 || closed_) break;
      std::string raw;
      std::error_code ec;
      if (co_await connection_->read_some(raw, left, ec) == 0) {
        closed_ = ec != asio::error::timed_out;
        break;
      }
      std::string replies;
      decoder_.feed(raw, text_, replies);
      if (text_.size() > kMaxScreen) text_.erase(0, text_.size() - kMaxScreen);
      if (!replies.empty() && !co_await connection_->write_all(replies, limit, ec)) {
        closed_ = true;
        break;
      }
      screen = classify_screen(text_);
    }
    co_return screen;
  }

  asio::awaitable<bool> send_line(std::string line, Millis limit) {
    text_.clear();
    line += "\r\n";
    std::error_code ec;
    co_return co_await connection_->write_all(line, limit, ec);
  }

  const std::string& screen_text() const { return text_; }
  void close() { connection_->close(); }

 private:
  std::unique_ptr<net::Connection> connection_;
  TelnetDecoder decoder_;
  std::string text_;
  bool closed_ = false;
};

// Bytes that would end the line early or be taken as a Telnet command.
bool unsafe_argument(std::string_view argument) {
  return argument.find_first_of(std::string_view("\r\n\0\xff", 4)) != std::string_view::npos;
}

LoginResult result(LoginOutcome outcome, std::string_view detail) {
  return LoginResult{outcome, std::string(detail)};
}

// The login dialogue on an open client. Plain statements only: GCC 12 miscompiles some
// co_await expressions inside conditions.
asio::awaitable<LoginResult> login_dialogue(AuditContext& context, TelnetClient& client,
                                            const std::string& user, const std::string& password) {
  const Millis limit = context.timeout;
  Screen screen = co_await client.wait_for(kLogin | kPassword, limit);
  if (screen != Screen::login_prompt && screen != Screen::password_prompt)
    co_return result(LoginOutcome::error, tr("未出现登录提示", "no login prompt"));
  if (screen == Screen::login_prompt) {
    const bool sent = co_await client.send_line(user, limit);
    if (!sent) co_return result(LoginOutcome::error, tr("发送失败", "send failed"));
    screen = co_await client.wait_for(kPassword | kShell | kFailed | kLogin, limit);
    if (screen == Screen::shell) co_return result(LoginOutcome::success, kNoPasswordAsked);
    if (screen == Screen::login_failed || screen == Screen::login_prompt)
      co_return result(LoginOutcome::rejected, clean_text(client.screen_text(), 120));
    if (screen != Screen::password_prompt)
      co_return result(LoginOutcome::error, tr("未出现口令提示", "no password prompt"));
  }
  const bool sent = co_await client.send_line(password, limit);
  if (!sent) co_return result(LoginOutcome::error, tr("发送失败", "send failed"));
  // login(1) waits a few seconds before it says "Login incorrect": allow for it.
  screen = co_await client.wait_for(kShell | kFailed | kLogin | kPassword, limit * 2);
  switch (screen) {
    case Screen::shell:
      co_return result(LoginOutcome::success, std::string_view());
    case Screen::login_failed:
    case Screen::login_prompt:
    case Screen::password_prompt:
      co_return result(LoginOutcome::rejected, clean_text(client.screen_text(), 120));
    case Screen::nothing:
      break;
  }
  co_return result(LoginOutcome::error,
                   tr("登录后无可识别的应答", "no recognisable answer to the login"));
}

// The accounts to try: a supplied account (--creds) first, as it is known to exist, then
// the plan's.
std::vector<std::string> accounts_to_try(const AuditContext& context) {
  std::vector<std::string> accounts;
  if (context.login && !context.login->user.empty()) accounts.push_back(context.login->user);
  for (const auto& user : context.guess.users)
    if (std::find(accounts.begin(), accounts.end(), user) == accounts.end())
      accounts.push_back(user);
  return accounts;
}

}  // namespace

std::vector<std::string> default_users() {
  return {"root", "admin", "user", "guest", "support", "administrator", "telnet", "test"};
}

asio::awaitable<LoginResult> try_telnet_login(AuditContext& context, std::string user,
                                              std::string password) {
  if (unsafe_argument(user) || unsafe_argument(password))
    co_return result(LoginOutcome::error, tr("账号或口令含控制字符，已跳过",
                                             "control bytes in account or password: skipped"));
  std::error_code ec;
  auto connection = co_await net::Connection::open(context.endpoint, context.timeout, ec);
  if (!connection) co_return result(LoginOutcome::error, ec.message());
  TelnetClient client(std::move(connection));
  const LoginResult outcome = co_await login_dialogue(context, client, user, password);
  if (outcome.outcome == LoginOutcome::success)
    co_await client.send_line(std::string(kExit), context.timeout);
  client.close();
  co_return outcome;
}

asio::awaitable<void> run_checks(AuditContext& context) {
  std::error_code ec;
  auto connection = co_await net::Connection::open(context.endpoint, context.timeout, ec);
  Screen first = Screen::nothing;
  if (connection) {
    TelnetClient client(std::move(connection));
    first = co_await client.wait_for(kLogin | kPassword | kShell, context.timeout);
    client.close();
  }
  std::string evidence = fmt::format(
      fmt::runtime(tr("端口 {} 开放 Telnet 服务，账号口令和会话内容以明文传输",
                      "Telnet is open on port {}: credentials and the whole session travel in "
                      "plaintext")),
      context.asset.port);
  if (first == Screen::login_prompt || first == Screen::password_prompt)
    evidence += tr("（出现登录提示）", " (a login prompt is shown)");
  if (first == Screen::shell)
    evidence += tr("（无需登录即出现命令提示符）", " (a command prompt appears without any login)");
  context.report("telnet.plaintext", std::move(evidence), "telnet");

  if (first != Screen::login_prompt && first != Screen::password_prompt) {
    context.note(std::string(tr("Telnet: 未出现登录提示，未猜测口令",
                                "Telnet: no login prompt seen; no passwords guessed")));
    co_return;
  }
  TryLogin try_login = [&context](const std::string& user, const std::string& password) {
    return try_telnet_login(context, user, password);
  };
  const std::vector<std::string> accounts = accounts_to_try(context);
  const GuessResult guessed = co_await guess_credentials(context, try_login, &accounts);
  if (guessed.found) {
    context.report(
        "telnet.weak_password",
        fmt::format(fmt::runtime(tr("账号 {} 使用弱口令 {}（Telnet 登录成功）",
                                    "account {} uses the weak password {} (Telnet login "
                                    "succeeded)")),
                    clean_text(guessed.found->user, 64), mask_secret(guessed.found->password)),
        guessed.found->user);
  }
  if (guessed.stopped_blocked)
    context.note(fmt::format("Telnet: {} {}",
                             tr("服务端拒绝继续尝试，已停止猜测：",
                                "the server refused further attempts; guessing stopped:"),
                             guessed.detail));
}

}  // namespace paicha::services::telnet

namespace paicha::services {

std::vector<std::string> telnet_default_users() {
  return telnet::default_users();
}

asio::awaitable<void> audit_telnet(AuditContext& context) {
  return telnet::run_checks(context);
}

}  // namespace paicha::services
