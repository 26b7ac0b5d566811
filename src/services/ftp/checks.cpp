#include "services/ftp/checks.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/i18n.h"
#include "services/ftp/probe.h"
#include "services/ftp/session.h"
#include "services/probe_util.h"

namespace paicha::services::ftp {

namespace {

constexpr size_t kMaxListingBytes = 256 * 1024;
constexpr std::string_view kAnonymousPassword = "paicha@";

bool is_anonymous_name(std::string_view user) {
  return (user.size() == 9 && starts_with_ci(user, "anonymous")) ||
         (user.size() == 3 && starts_with_ci(user, "ftp"));
}

bool mentions_encryption(const FtpReply& reply) {
  return std::any_of(reply.lines.begin(), reply.lines.end(), [](const std::string& line) {
    return contains_ci(line, "encrypt") || contains_ci(line, "TLS") || contains_ci(line, "SSL");
  });
}

std::shared_ptr<asio::ssl::context> tls_context_for(const AuditContext& context) {
  return context.tls_context ? context.tls_context : net::make_inspection_tls_context();
}

struct ServerFacts {
  bool reachable = false;
  std::optional<bool> tls_offered;         // nullopt: could not be determined
  std::optional<FtpReply> plaintext_user;  // the reply to USER <account> without TLS
};

asio::awaitable<ServerFacts> learn_server(AuditContext& context, const std::string& account) {
  ServerFacts facts;
  std::string why;
  auto session = co_await ControlSession::open(context.endpoint, context.timeout, why);
  if (!session) {
    context.note(fmt::format("FTP: {}", why));
    co_return facts;
  }
  if (session->greeting().code != 220) {
    context.note(fmt::format("FTP: {} {}", tr("服务拒绝连接：", "the server refused the session:"),
                             session->greeting().summary()));
    co_await session->quit();
    co_return facts;
  }
  facts.reachable = true;
  if (auto feat = co_await session->command("FEAT"); feat) {
    const ParseResult parsed = parse_feat_reply(feat->raw);
    if (feat->code == 211 && parsed.verdict == Verdict::matched && parsed.id.tls)
      facts.tls_offered = *parsed.id.tls;
  }
  std::string user_line = "USER " + account;
  facts.plaintext_user = co_await session->command(std::move(user_line));
  co_await session->quit();

  if (!facts.tls_offered) {
    // FEAT refused: ask for TLS directly on a fresh connection.
    auto tls = tls_context_for(context);
    auto second = co_await ControlSession::open(context.endpoint, context.timeout, why);
    if (second) {
      facts.tls_offered = co_await second->upgrade_tls(*tls, why);
      co_await second->quit();
    }
  }
  co_return facts;
}

void report_plaintext(AuditContext& context, const ServerFacts& facts) {
  if (facts.tls_offered == false) {
    context.report(
        "ftp.no_tls",
        std::string(
            tr("服务不支持 AUTH TLS（FEAT 未列出或 AUTH TLS 被拒绝），账号口令和文件以明文传输",
               "the server does not offer AUTH TLS (not in FEAT, AUTH TLS "
               "refused): credentials and files travel in plaintext")),
        "tls_not_offered");
    return;
  }
  if (facts.tls_offered == true && facts.plaintext_user && facts.plaintext_user->code == 331) {
    context.report(
        "ftp.no_tls",
        std::string(tr("支持 AUTH TLS 但不强制：未加密连接上的 USER "
                       "命令被接受并要求输入口令（331），口令可明文发送",
                       "AUTH TLS is offered but not required: USER on an unencrypted connection "
                       "was accepted with 331 (password requested), so passwords can travel in "
                       "plaintext")),
        "tls_not_required");
  }
}

struct Listing {
  bool listed = false;
  size_t entries = 0;
  bool truncated = false;
  std::string why;
};

// NLST of the login directory over a passive data connection. Reads names only: no file is
// downloaded, and nothing is written.
asio::awaitable<Listing> list_login_directory(AuditContext& context, ControlSession& session) {
  Listing listing;
  std::optional<uint16_t> port;
  if (auto epsv = co_await session.command("EPSV"); epsv && epsv->code == 229)
    port = parse_epsv_port(epsv->lines.back());
  if (!port) {
    if (auto pasv = co_await session.command("PASV"); pasv && pasv->code == 227)
      port = parse_pasv_port(pasv->lines.front());
  }
  if (!port) {
    listing.why = std::string(tr("服务端未提供被动模式数据端口", "no passive data port offered"));
    co_return listing;
  }
  std::error_code ec;
  // The control connection's host, whatever address a 227 named.
  const asio::ip::tcp::endpoint data_endpoint(context.endpoint.address(), *port);
  auto data = co_await net::Connection::open(data_endpoint, context.timeout, ec);
  if (!data) {
    listing.why = std::string(tr("数据连接失败：", "data connection failed: ")) + ec.message();
    co_return listing;
  }
  auto start = co_await session.command("NLST");
  if (!start || (start->code != 150 && start->code != 125)) {
    data->close();
    listing.why = start ? start->summary() : std::string(tr("NLST 无应答", "no reply to NLST"));
    co_return listing;
  }
  std::string names;
  while (names.size() < kMaxListingBytes) {
    if (co_await data->read_some(names, context.timeout, ec, kMaxListingBytes - names.size()) == 0)
      break;
  }
  listing.truncated = names.size() >= kMaxListingBytes;
  data->close();
  for (size_t pos = 0; pos < names.size();) {
    size_t end = names.find('\n', pos);
    if (end == std::string::npos) end = names.size();
    if (!trim(std::string_view(names).substr(pos, end - pos)).empty()) ++listing.entries;
    pos = end + 1;
  }
  if (!listing.truncated) {
    auto done = co_await session.read_reply();
    listing.listed = done && done->code >= 200 && done->code < 300;
    if (!listing.listed)
      listing.why = done ? done->summary() : std::string(tr("传输未完成", "transfer incomplete"));
  } else {
    listing.listed = true;
  }
  co_return listing;
}

asio::awaitable<void> check_anonymous(AuditContext& context) {
  std::string why;
  auto session = co_await ControlSession::open(context.endpoint, context.timeout, why);
  if (!session || session->greeting().code != 220) {
    if (session) co_await session->quit();
    co_return;
  }
  auto reply = co_await session->command("USER anonymous");
  if (reply && reply->code == 331)
    reply = co_await session->command(fmt::format("PASS {}", kAnonymousPassword));
  if (!reply || reply->code != 230) {
    co_await session->quit();
    co_return;
  }
  const Listing listing = co_await list_login_directory(context, *session);
  co_await session->quit();
  std::string evidence =
      std::string(tr("匿名账号 anonymous 可登录（230）", "the anonymous account can log in (230)"));
  if (listing.listed) {
    evidence += fmt::format(fmt::runtime(tr("，可列出登录目录：{}{} 个条目",
                                            "; it can list the login directory: {}{} entries")),
                            listing.truncated ? tr("至少 ", "at least ") : "", listing.entries);
  } else {
    evidence +=
        fmt::format(fmt::runtime(tr("，列目录未成功（{}）", "; listing failed ({})")), listing.why);
  }
  context.report("ftp.anonymous_login", std::move(evidence), "anonymous");
}

asio::awaitable<void> guess_passwords(AuditContext& context, const ServerFacts& facts,
                                      const std::vector<std::string>& accounts) {
  if (!context.guess.enabled || accounts.empty()) co_return;
  // Over TLS whenever the server offers it: guessed passwords stay off the wire, and servers
  // that force TLS for logins are covered too.
  const bool over_tls = facts.tls_offered.value_or(false);
  TryLogin try_login = [&context, over_tls](const std::string& user, const std::string& password) {
    return try_ftp_login(context, over_tls, user, password);
  };
  const GuessResult result = co_await guess_credentials(context, try_login, &accounts);
  if (result.found) {
    context.report(
        "ftp.weak_password",
        fmt::format(fmt::runtime(tr("账号 {} 使用弱口令 {}（{}登录成功）",
                                    "account {} uses the weak password {} (logged in {})")),
                    clean_text(result.found->user, 64), mask_secret(result.found->password),
                    over_tls ? tr("经 TLS ", "over TLS") : tr("明文", "in plaintext")),
        result.found->user);
  }
  if (result.stopped_blocked)
    context.note(fmt::format("FTP: {} {}",
                             tr("服务端拒绝继续尝试，已停止猜测：",
                                "the server refused further attempts; guessing stopped:"),
                             result.detail));
}

// Greeting, [AUTH TLS], USER, PASS on an open session; the caller says goodbye. Kept as plain
// statements: GCC 12 miscompiles some co_await expressions inside if/else-if conditions.
asio::awaitable<LoginResult> login_exchange(AuditContext& context, ControlSession& session,
                                            bool over_tls, const std::string& user,
                                            const std::string& password) {
  const FtpReply& greeting = session.greeting();
  if (greeting.code == 421) co_return LoginResult{LoginOutcome::blocked, greeting.summary()};
  if (greeting.code != 220) co_return LoginResult{LoginOutcome::error, greeting.summary()};
  if (over_tls) {
    std::string why;
    const auto tls = tls_context_for(context);
    const bool upgraded = co_await session.upgrade_tls(*tls, why);
    if (!upgraded) co_return LoginResult{LoginOutcome::error, why};
  }
  std::string line = "USER " + user;
  const auto user_reply = co_await session.command(std::move(line));
  if (!user_reply)
    co_return LoginResult{LoginOutcome::error, std::string(tr("USER 无应答", "no reply to USER"))};
  switch (user_reply->code) {
    case 230:  // no password needed at all
      co_return LoginResult{LoginOutcome::success, user_reply->summary()};
    case 331:
      break;
    case 421:
      co_return LoginResult{LoginOutcome::blocked, user_reply->summary()};
    case 530:
      // Refused before any password was sent: the account may not log in here (user lists,
      // "anonymous only"), or the server wants TLS first.
      co_return LoginResult{
          mentions_encryption(*user_reply) ? LoginOutcome::error : LoginOutcome::no_such_user,
          user_reply->summary()};
    default:
      co_return LoginResult{LoginOutcome::error, user_reply->summary()};
  }
  line = "PASS " + password;
  const auto pass_reply = co_await session.command(std::move(line));
  if (!pass_reply)
    co_return LoginResult{LoginOutcome::error, std::string(tr("PASS 无应答", "no reply to PASS"))};
  switch (pass_reply->code) {
    case 202:
    case 230:
    case 332:  // the password is right; the server also wants an account
      co_return LoginResult{LoginOutcome::success, pass_reply->summary()};
    case 530:
      co_return LoginResult{LoginOutcome::rejected, pass_reply->summary()};
    case 421:
      co_return LoginResult{LoginOutcome::blocked, pass_reply->summary()};
    default:
      co_return LoginResult{LoginOutcome::error, pass_reply->summary()};
  }
}

}  // namespace

std::vector<std::string> default_users() {
  return {"root", "admin", "ftpuser", "ftp_user", "test", "user", "www", "administrator"};
}

asio::awaitable<LoginResult> try_ftp_login(AuditContext& context, bool over_tls, std::string user,
                                           std::string password) {
  if (unsafe_argument(user) || unsafe_argument(password))
    co_return LoginResult{
        LoginOutcome::error,
        std::string(tr("账号或口令含换行符，已跳过", "CR/LF in account or password: skipped"))};
  std::string why;
  auto session = co_await ControlSession::open(context.endpoint, context.timeout, why);
  if (!session) co_return LoginResult{LoginOutcome::error, why};
  const LoginResult result = co_await login_exchange(context, *session, over_tls, user, password);
  co_await session->quit();
  co_return result;
}

asio::awaitable<void> run_checks(AuditContext& context) {
  // A supplied account (--creds) is known to exist: its password is tested first.
  std::vector<std::string> accounts;
  if (context.login && !context.login->user.empty()) accounts.push_back(context.login->user);
  for (const auto& user : context.guess.users)
    if (!is_anonymous_name(user) &&
        std::find(accounts.begin(), accounts.end(), user) == accounts.end())
      accounts.push_back(user);
  std::erase_if(accounts, [](const std::string& user) { return is_anonymous_name(user); });
  // GCC 12 mishandles temporaries made by ?: inside co_await: keep them out.
  std::string probe_account = "root";
  if (!accounts.empty()) probe_account = accounts.front();
  const ServerFacts facts = co_await learn_server(context, probe_account);
  if (!facts.reachable) co_return;
  report_plaintext(context, facts);
  co_await check_anonymous(context);
  co_await guess_passwords(context, facts, accounts);
}

}  // namespace paicha::services::ftp

namespace paicha::services {

std::vector<std::string> ftp_default_users() {
  return ftp::default_users();
}

asio::awaitable<void> audit_ftp(AuditContext& context) {
  return ftp::run_checks(context);
}

}  // namespace paicha::services
