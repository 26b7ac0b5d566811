#include "services/redis/session.h"

#include <fmt/format.h>

#include "core/i18n.h"

namespace paicha::services::redis {

namespace {
// INFO and COMMAND INFO stay far below this; anything larger is not a reply we asked for.
constexpr size_t kMaxReplyBytes = 1024 * 1024;
}  // namespace

asio::awaitable<std::unique_ptr<RespSession>> RespSession::open(asio::ip::tcp::endpoint endpoint,
                                                                asio::ssl::context* tls,
                                                                net::Millis timeout,
                                                                std::string& problem) {
  std::error_code ec;
  auto connection = co_await net::Connection::open(endpoint, timeout, ec);
  if (!connection) {
    problem = fmt::format("{}: {}", tr("连接失败", "connect failed"), ec.message());
    co_return nullptr;
  }
  if (tls && !co_await connection->start_tls(*tls, timeout, ec)) {
    problem = fmt::format("{}: {}", tr("TLS 握手失败", "TLS handshake failed"), ec.message());
    connection->close();
    co_return nullptr;
  }
  co_return std::unique_ptr<RespSession>(new RespSession(std::move(connection), timeout));
}

asio::awaitable<std::optional<RespValue>> RespSession::read_reply(std::string& problem) {
  while (true) {
    const RespParse parsed = parse_resp(buffer_);
    if (parsed.status == RespStatus::complete) {
      buffer_.erase(0, parsed.consumed);
      co_return parsed.value;
    }
    if (parsed.status == RespStatus::malformed) {
      problem = tr("服务器应答不是合法的 RESP 格式", "the server's reply is not valid RESP");
      co_return std::nullopt;
    }
    if (buffer_.size() > kMaxReplyBytes) {
      problem = tr("服务器应答过大", "the server's reply is too large");
      co_return std::nullopt;
    }
    std::error_code ec;
    const size_t n = co_await connection_->read_some(buffer_, timeout_, ec);
    if (n == 0) {
      problem = fmt::format("{}: {}", tr("读取应答失败", "reading the reply failed"),
                            ec ? ec.message() : std::string("EOF"));
      co_return std::nullopt;
    }
  }
}

asio::awaitable<std::optional<std::vector<RespValue>>> RespSession::pipeline(
    std::vector<Command> commands, std::string& problem) {
  if (broken_) {
    problem = tr("连接已中断", "the connection is broken");
    co_return std::nullopt;
  }
  std::string request;
  for (const auto& command : commands) request += encode_command(command);
  std::error_code ec;
  if (!co_await connection_->write_all(request, timeout_, ec)) {
    broken_ = true;
    problem = fmt::format("{}: {}", tr("发送失败", "sending failed"), ec.message());
    co_return std::nullopt;
  }
  std::vector<RespValue> replies;
  replies.reserve(commands.size());
  for (size_t i = 0; i < commands.size(); ++i) {
    auto reply = co_await read_reply(problem);
    if (!reply) {
      broken_ = true;
      co_return std::nullopt;
    }
    replies.push_back(std::move(*reply));
  }
  co_return replies;
}

asio::awaitable<std::optional<RespValue>> RespSession::call(Command command, std::string& problem) {
  std::vector<Command> commands;
  commands.push_back(std::move(command));
  auto replies = co_await pipeline(std::move(commands), problem);
  if (!replies) co_return std::nullopt;
  co_return std::move(replies->front());
}

asio::awaitable<void> RespSession::quit() {
  if (!broken_) {
    std::string ignored;
    Command quit_command{"QUIT"};
    co_await call(std::move(quit_command), ignored);
  }
  connection_->close();
}

}  // namespace paicha::services::redis
