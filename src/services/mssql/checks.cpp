#include "services/mssql/checks.h"

#include <fmt/format.h>

#include "core/i18n.h"
#include "net/connection.h"
#include "services/guessing.h"
#include "services/mssql/login.h"
#include "services/probe_util.h"

namespace paicha::services::mssql {

std::optional<Encryption> prelogin_encryption(std::string_view reply) {
  const ParseResult parsed = parse_prelogin_reply(reply);
  if (parsed.verdict != Verdict::matched || !parsed.id.tls) return std::nullopt;
  // parse_prelogin_reply states the setting in its info text; tls alone cannot tell ON from
  // REQ or OFF from NOT_SUP.
  const std::string& info = parsed.id.info;
  if (*parsed.id.tls) return contains_ci(info, "required") ? Encryption::required : Encryption::on;
  return contains_ci(info, "not supported") ? Encryption::not_supported : Encryption::off;
}

namespace {

asio::awaitable<std::optional<Encryption>> ask_encryption(AuditContext& context) {
  std::error_code ec;
  auto connection = co_await net::Connection::open(context.endpoint, context.timeout, ec);
  if (!connection) {
    context.note(fmt::format("MSSQL: {}{}", tr("连接失败：", "connection failed: "), ec.message()));
    co_return std::nullopt;
  }
  std::optional<Encryption> encryption;
  const std::string request = prelogin_request();
  if (co_await connection->write_all(request, context.timeout, ec)) {
    std::string reply;
    while (reply.size() < 8192) {
      if (co_await connection->read_some(reply, context.timeout, ec) == 0) break;
      const ParseResult parsed = parse_prelogin_reply(reply);
      if (parsed.verdict == Verdict::need_more) continue;
      encryption = prelogin_encryption(reply);
      break;
    }
  }
  connection->close();
  if (!encryption)
    context.note(std::string(tr("MSSQL: 未收到可识别的 PRELOGIN 应答，无法判断加密设置",
                                "MSSQL: no usable PRELOGIN reply; encryption setting unknown")));
  co_return encryption;
}

}  // namespace

}  // namespace paicha::services::mssql

namespace paicha::services {

std::vector<std::string> mssql_default_users() {
  return {"sa"};
}

asio::awaitable<void> audit_mssql(AuditContext& context) {
  const std::optional<mssql::Encryption> encryption = co_await mssql::ask_encryption(context);
  if (encryption == mssql::Encryption::not_supported) {
    context.report(
        "mssql.no_tls",
        std::string(
            tr("PRELOGIN 应答 ENCRYPT_NOT_SUP：服务端不支持加密，登录口令和全部数据以明文传输",
               "PRELOGIN answered ENCRYPT_NOT_SUP: the server cannot encrypt, so "
               "the login password and all data travel in plaintext")),
        "encrypt_not_sup");
  } else if (encryption == mssql::Encryption::off) {
    context.report(
        "mssql.no_tls",
        std::string(tr("PRELOGIN 应答 ENCRYPT_OFF：未强制加密，仅登录包加密，查询和结果以明文传输",
                       "PRELOGIN answered ENCRYPT_OFF: encryption is not forced; only the "
                       "login packet is encrypted, queries and results travel in plaintext")),
        "encrypt_off");
  }
  if (!encryption || !context.guess.enabled || context.guess.passwords.empty()) co_return;
  TryLogin try_login = [&context](const std::string& user,
                                  const std::string& password) -> asio::awaitable<LoginResult> {
    co_return co_await mssql::try_login(context.endpoint, context.timeout, user, password);
  };
  const GuessResult result = co_await guess_credentials(context, try_login);
  if (result.found) {
    context.report(
        "mssql.weak_password",
        fmt::format(fmt::runtime(tr("登录名 {} 使用弱口令 {}（TDS LOGIN7 登录成功）",
                                    "login {} uses the weak password {} (TDS LOGIN7 accepted)")),
                    clean_text(result.found->user, 64), mask_secret(result.found->password)),
        result.found->user);
  }
  if (result.stopped_blocked)
    context.note(fmt::format("MSSQL: {} {}",
                             tr("服务端拒绝继续尝试（账号锁定策略），已停止猜测：",
                                "the server refused further attempts (lockout policy); guessing "
                                "stopped:"),
                             result.detail));
}

}  // namespace paicha::services
