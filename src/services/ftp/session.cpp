#include "services/ftp/session.h"

#include "core/i18n.h"
#include "services/probe_util.h"

namespace paicha::services::ftp {

asio::awaitable<std::unique_ptr<ControlSession>> ControlSession::open(
    asio::ip::tcp::endpoint endpoint, net::Millis timeout, std::string& why) {
  std::error_code ec;
  auto connection = co_await net::Connection::open(endpoint, timeout, ec);
  if (!connection) {
    why = std::string(tr("连接失败：", "connection failed: ")) + ec.message();
    co_return nullptr;
  }
  std::unique_ptr<ControlSession> session(new ControlSession(std::move(connection), timeout));
  auto greeting = co_await session->read_reply();
  // 120 "ready in nnn minutes" precedes the real 220.
  while (greeting && greeting->code == 120) greeting = co_await session->read_reply();
  if (!greeting) {
    why = std::string(tr("未收到 FTP 欢迎信息", "no FTP greeting"));
    session->connection_->close();
    co_return nullptr;
  }
  session->greeting_ = std::move(*greeting);
  co_return session;
}

asio::awaitable<std::optional<FtpReply>> ControlSession::read_reply() {
  while (true) {
    FtpReply reply;
    size_t consumed = 0;
    switch (parse_reply(buffer_, reply, consumed)) {
      case ReplyState::complete:
        buffer_.erase(0, consumed);
        co_return reply;
      case ReplyState::malformed:
        co_return std::nullopt;
      case ReplyState::incomplete:
        break;
    }
    std::error_code ec;
    if (co_await connection_->read_some(buffer_, timeout_, ec) == 0) co_return std::nullopt;
  }
}

asio::awaitable<std::optional<FtpReply>> ControlSession::command(std::string line) {
  std::error_code ec;
  line += "\r\n";
  if (!co_await connection_->write_all(line, timeout_, ec)) co_return std::nullopt;
  co_return co_await read_reply();
}

asio::awaitable<bool> ControlSession::upgrade_tls(asio::ssl::context& context, std::string& why) {
  auto reply = co_await command("AUTH TLS");
  if (!reply || reply->code != 234) {
    why = reply ? reply->summary() : std::string(tr("AUTH TLS 无应答", "no reply to AUTH TLS"));
    co_return false;
  }
  buffer_.clear();
  std::error_code ec;
  if (!co_await connection_->start_tls(context, timeout_, ec)) {
    why = std::string(tr("TLS 握手失败：", "TLS handshake failed: ")) + ec.message();
    co_return false;
  }
  co_return true;
}

asio::awaitable<void> ControlSession::quit() {
  co_await command("QUIT");
  connection_->close();
}

}  // namespace paicha::services::ftp
