#include "services/mongodb/checks.h"
#include "core/human_size.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <memory>
#include <optional>

#include "core/i18n.h"
#include "net/connection.h"
#include "services/mongodb/scram.h"
#include "services/mongodb/wire.h"
#include "services/probe_util.h"

namespace paicha::services::mongodb {

namespace {

constexpr std::string_view kAuthSource = "admin";

// One connection and its request ids.
struct Session {
  std::unique_ptr<net::Connection> connection;
  int32_t next_request_id = 1;

  asio::awaitable<CommandReply> command(std::string_view document, net::Millis timeout) {
    co_return co_await run_command(*connection, next_request_id++, document, timeout);
  }
  void close() {
    if (connection) connection->close();
  }
};

struct Target {
  AuditContext& context;
  bool tls = false;
  int max_wire_version = 0;
  // Per account: the SCRAM variant the server stores, or nullopt once it said "no such user".
  std::map<std::string, std::optional<ScramHash>> mechanisms;
};

asio::awaitable<std::optional<Session>> open_session(AuditContext& context, bool tls,
                                                     std::string& why) {
  std::error_code ec;
  auto connection = co_await net::Connection::open(context.endpoint, context.timeout, ec);
  if (!connection) {
    why = ec.message();
    co_return std::nullopt;
  }
  if (tls) {
    if (!context.tls_context) context.tls_context = net::make_inspection_tls_context();
    if (!co_await connection->start_tls(*context.tls_context, context.timeout, ec)) {
      why = "TLS: " + ec.message();
      connection->close();
      co_return std::nullopt;
    }
  }
  co_return Session{std::move(connection)};
}

// A session that completed hello; nullopt when the server does not speak MongoDB that way.
asio::awaitable<std::optional<Session>> handshake(AuditContext& context, bool tls,
                                                  HelloFacts& facts, std::string& why) {
  auto session = co_await open_session(context, tls, why);
  if (!session) co_return std::nullopt;
  const CommandReply reply = co_await session->command(hello_command(), context.timeout);
  const auto doc = reply.document();
  const auto hello = doc ? parse_hello(*doc) : std::nullopt;
  if (!hello) {
    why = reply.error.empty() ? "hello refused" : reply.error;
    session->close();
    co_return std::nullopt;
  }
  facts = *hello;
  co_return session;
}

asio::awaitable<std::string> salted_password(AuditContext& context, const ScramClient& client) {
  if (context.blocking_pool)
    co_return co_await context.blocking([&client] { return client.salted_password(); });
  co_return client.salted_password();
}

LoginResult sasl_failure(const CommandStatus& status) {
  LoginResult result;
  result.detail = status.errmsg.empty() ? status.code_name : status.errmsg;
  if (status.code == kAuthenticationFailed)
    result.outcome = LoginOutcome::rejected;
  else if (status.code == kUserNotFound)
    result.outcome = LoginOutcome::no_such_user;
  else
    result.outcome = LoginOutcome::error;
  return result;
}

LoginResult login_error(std::string detail) {
  return LoginResult{LoginOutcome::error, std::move(detail)};
}

// The SCRAM conversation of the auth spec: saslStart, saslContinue, and (for servers that ignore
// skipEmptyExchange) empty saslContinue messages until done. Reads every reply, so the server
// records a completed authentication, never an aborted one.
asio::awaitable<LoginResult> authenticate(AuditContext& context, Session& session, ScramHash hash,
                                          const std::string& user, const std::string& password,
                                          std::string_view database) {
  const auto prepared = scram_password(hash, user, password);
  if (!prepared) co_return login_error("password not allowed by SASLprep");
  ScramClient client(hash, user, *prepared, random_nonce());

  CommandReply reply = co_await session.command(
      sasl_start_command(mechanism_name(hash), client.client_first(), database), context.timeout);
  auto doc = reply.document();
  if (!doc) co_return login_error(reply.error.empty() ? "malformed saslStart reply" : reply.error);
  auto sasl = parse_sasl_reply(*doc);
  if (!sasl) co_return login_error("malformed saslStart reply");
  if (!sasl->status.ok) co_return sasl_failure(sasl->status);

  std::string error;
  if (!client.accept_server_first(sasl->payload, error)) co_return login_error(error);
  const std::string salted = co_await salted_password(context, client);
  const std::string final_message = client.client_final(salted);
  const int32_t conversation = sasl->conversation_id;

  reply = co_await session.command(sasl_continue_command(conversation, final_message, database),
                                   context.timeout);
  doc = reply.document();
  if (!doc)
    co_return login_error(reply.error.empty() ? "malformed saslContinue reply" : reply.error);
  sasl = parse_sasl_reply(*doc);
  if (!sasl) co_return login_error("malformed saslContinue reply");
  if (!sasl->status.ok) co_return sasl_failure(sasl->status);
  // The server proves it knows the password too; anything else is not a success.
  if (!client.verify_server_final(sasl->payload))
    co_return login_error("server signature did not verify");
  for (int round = 0; !sasl->done && round < 2; ++round) {
    reply = co_await session.command(sasl_continue_command(conversation, "", database),
                                     context.timeout);
    doc = reply.document();
    sasl = doc ? parse_sasl_reply(*doc) : std::nullopt;
    if (!sasl) co_return login_error("malformed saslContinue reply");
    if (!sasl->status.ok) co_return sasl_failure(sasl->status);
  }
  if (!sasl->done) co_return login_error("SASL conversation did not finish");
  co_return LoginResult{LoginOutcome::success, {}};
}

ScramHash default_hash(const Target& target) {
  // SCRAM-SHA-256 exists from wire version 7 (MongoDB 4.0).
  return target.max_wire_version >= 7 ? ScramHash::sha256 : ScramHash::sha1;
}

asio::awaitable<LoginResult> try_login(Target& target, std::string user, std::string password) {
  AuditContext& context = target.context;
  std::string why;
  auto session = co_await open_session(context, target.tls, why);
  if (!session) co_return login_error(why);

  ScramHash hash = default_hash(target);
  const auto known = target.mechanisms.find(user);
  if (known != target.mechanisms.end()) {
    if (!known->second) {
      session->close();
      co_return LoginResult{LoginOutcome::no_such_user, {}};
    }
    hash = *known->second;
  } else if (target.max_wire_version >= 7) {
    // hello with saslSupportedMechs (4.0+) names the stored mechanisms, and omits the field for
    // an unknown account: no password is sent for accounts that do not exist.
    const std::string qualified = std::string(kAuthSource) + "." + user;
    const CommandReply reply = co_await session->command(hello_command(qualified), context.timeout);
    const auto doc = reply.document();
    const auto hello = doc ? parse_hello(*doc) : std::nullopt;
    if (!hello) {
      session->close();
      co_return login_error(reply.error.empty() ? "hello refused" : reply.error);
    }
    std::optional<ScramHash> stored;
    if (hello->sasl_mechs_present) {
      const auto has = [&](std::string_view m) {
        return std::find(hello->sasl_mechs.begin(), hello->sasl_mechs.end(), m) !=
               hello->sasl_mechs.end();
      };
      stored = has("SCRAM-SHA-256") ? ScramHash::sha256 : ScramHash::sha1;
      if (!has("SCRAM-SHA-256") && !has("SCRAM-SHA-1")) {
        session->close();
        co_return login_error("account has no SCRAM credentials");
      }
    }
    target.mechanisms[user] = stored;
    if (!stored) {
      session->close();
      co_return LoginResult{LoginOutcome::no_such_user, {}};
    }
    hash = *stored;
  }
  LoginResult result = co_await authenticate(context, *session, hash, user, password, kAuthSource);
  session->close();
  co_return result;
}

asio::awaitable<void> check_weak_passwords(Target& target) {
  AuditContext& context = target.context;
  const TryLogin login = [&target](const std::string& user, const std::string& password) {
    return try_login(target, user, password);
  };
  const GuessResult guessed = co_await guess_credentials(context, login);
  if (guessed.found) {
    const Credential& found = *guessed.found;
    context.report(
        "mongodb.weak_password",
        fmt::format(fmt::runtime(tr("账号 {}（认证库 {}）使用弱口令 {}，已通过 {} 登录验证",
                                    "account {} (auth database {}) uses the weak password {}, "
                                    "confirmed by a {} login")),
                    found.user, kAuthSource, mask_secret(found.password),
                    mechanism_name(target.mechanisms[found.user].value_or(default_hash(target)))),
        std::string(kAuthSource) + "." + found.user);
  }
  if (guessed.stopped_blocked)
    context.note(
        fmt::format(fmt::runtime(tr("MongoDB 口令猜测已停止：{}", "MongoDB guessing stopped: {}")),
                    guessed.detail));
}

void report_startup_options(AuditContext& context, const StartupOptions& options,
                            const std::optional<BuildFacts>& build) {
  if (!options.audit_log) {
    std::string edition;
    if (build && build->enterprise)
      edition = std::string(
          tr("企业版支持审计但未开启", "Enterprise edition: auditing available but off"));
    else if (build && build->percona)
      edition = std::string(
          tr("Percona Server 支持审计但未开启", "Percona Server: auditing available but off"));
    else
      edition = std::string(tr("社区版不提供审计，需改用企业版或 Percona Server for MongoDB",
                               "the community edition has no auditing: use Enterprise or Percona "
                               "Server for MongoDB"));
    context.report("mongodb.no_audit",
                   fmt::format(fmt::runtime(tr("getCmdLineOpts 中没有 auditLog 配置（{}）",
                                               "getCmdLineOpts shows no auditLog setting ({})")),
                               edition),
                   "auditLog");
  }
  std::vector<std::string> wildcard;
  for (const auto& ip : options.bind_ips)
    if (ip == "0.0.0.0" || ip == "::" || ip == "::0" || ip == "*") wildcard.push_back(ip);
  if (options.bind_ip_all) {
    context.report("generic.listen_all_interfaces",
                   std::string(tr("net.bindIpAll 为 true，监听所有网络接口",
                                  "net.bindIpAll is true: listening on every interface")),
                   "net.bindIp");
  } else if (!wildcard.empty()) {
    context.report(
        "generic.listen_all_interfaces",
        fmt::format(fmt::runtime(tr("net.bindIp 包含 {}，监听所有网络接口",
                                    "net.bindIp contains {}: listening on every interface")),
                    fmt::join(wildcard, ",")),
        "net.bindIp");
  }
}

void report_superusers(AuditContext& context, const std::vector<UserAccount>& accounts) {
  std::vector<std::string> holders;
  for (const auto& account : accounts) {
    std::vector<std::string> roles;
    for (const auto& grant : account.roles)
      if (is_superuser_role(grant)) roles.push_back(grant.role);
    if (!roles.empty())
      holders.push_back(fmt::format("{}.{}({})", clean_text(account.db, 40),
                                    clean_text(account.user, 40), fmt::join(roles, "+")));
  }
  // One administrator is what the remediation asks for; more are the finding.
  if (holders.size() < 2) return;
  const size_t shown = std::min<size_t>(holders.size(), 10);
  std::string list = fmt::format("{}", fmt::join(holders.begin(), holders.begin() + shown, "、"));
  if (shown < holders.size()) list += "…";
  context.report("mongodb.root_users",
                 fmt::format(fmt::runtime(tr("{} 个账号拥有 root 等最高权限角色：{}",
                                             "{} accounts hold root-equivalent roles: {}")),
                             holders.size(), list),
                 "superusers");
}

// The configuration checks need a session allowed to run admin commands.
asio::awaitable<void> check_configuration(AuditContext& context, Session& session) {
  CommandReply reply = co_await session.command(build_info_command(), context.timeout);
  auto doc = reply.document();
  const auto build = doc ? parse_build_info(*doc) : std::nullopt;

  reply = co_await session.command(get_cmd_line_opts_command(), context.timeout);
  doc = reply.document();
  if (const auto options = doc ? parse_cmd_line_opts(*doc) : std::nullopt) {
    report_startup_options(context, *options, build);
  } else {
    context.note(fmt::format(
        fmt::runtime(tr("MongoDB getCmdLineOpts 未成功（{}），跳过审计和监听地址检查",
                        "MongoDB getCmdLineOpts failed ({}); audit and bind checks skipped")),
        doc ? command_status(*doc).errmsg : reply.error));
  }

  reply = co_await session.command(users_info_command(true), context.timeout);
  doc = reply.document();
  auto accounts = doc ? parse_users_info(*doc) : std::nullopt;
  if (!accounts && doc) {
    // forAllDBs needs a cluster-wide privilege; admin's own users are the ones that matter.
    reply = co_await session.command(users_info_command(false), context.timeout);
    doc = reply.document();
    accounts = doc ? parse_users_info(*doc) : std::nullopt;
  }
  if (accounts)
    report_superusers(context, *accounts);
  else
    context.note(
        fmt::format(fmt::runtime(tr("MongoDB usersInfo 未成功（{}），跳过账号权限检查",
                                    "MongoDB usersInfo failed ({}); account roles not checked")),
                    doc ? command_status(*doc).errmsg : reply.error));
}

}  // namespace

std::vector<std::string> default_users() {
  return {"admin", "root", "mongo", "mongodb"};
}

asio::awaitable<void> audit_mongodb(AuditContext& context) {
  Target target{context, false, 0, {}};
  HelloFacts facts;
  std::string plaintext_why;
  std::optional<Session> session = co_await handshake(context, false, facts, plaintext_why);
  if (session) {
    // Plaintext works; whether TLS is also offered only changes the wording.
    std::string tls_why;
    HelloFacts ignored;
    auto over_tls = co_await handshake(context, true, ignored, tls_why);
    if (over_tls) over_tls->close();
    context.report(
        "mongodb.no_tls",
        std::string(
            over_tls ? tr("明文连接也能完成握手：TLS 可选但未强制（net.tls.mode 不是 requireTLS）",
                          "plaintext connections complete the handshake too: TLS "
                          "is offered but not required (net.tls.mode is not requireTLS)")
                     : tr("明文连接可完成握手，服务未启用 TLS",
                          "plaintext connections complete the handshake: TLS is "
                          "not enabled")),
        "plaintext");
  } else {
    std::string tls_why;
    session = co_await handshake(context, true, facts, tls_why);
    if (!session) {
      context.note(
          fmt::format(fmt::runtime(tr("MongoDB 握手失败（明文：{}；TLS：{}）",
                                      "MongoDB handshake failed (plaintext: {}; TLS: {})")),
                      plaintext_why, tls_why));
      co_return;
    }
    target.tls = true;
  }
  target.max_wire_version = facts.max_wire_version;

  const CommandReply listed = co_await session->command(list_databases_command(), context.timeout);
  const auto listed_doc = listed.document();
  const auto summary = listed_doc ? parse_list_databases(*listed_doc) : std::nullopt;
  bool authorized = false;
  if (summary) {
    authorized = true;
    context.report("mongodb.unauthorized_access",
                   fmt::format(fmt::runtime(tr("无需认证即可执行 listDatabases：{} 个库，共 {}",
                                               "listDatabases answered without authentication: {} "
                                               "databases, {} in total")),
                               summary->count, human_size(summary->total_size)));
  } else if (!listed_doc) {
    context.note(fmt::format(fmt::runtime(tr("MongoDB listDatabases 无有效回复：{}",
                                             "MongoDB listDatabases: no valid reply: {}")),
                             listed.error));
  }

  if (!authorized && context.login) {
    const std::string database =
        context.login->database.empty() ? std::string(kAuthSource) : context.login->database;
    LoginResult login =
        co_await authenticate(context, *session, default_hash(target), context.login->user,
                              context.login->password, database);
    if (login.outcome == LoginOutcome::error && default_hash(target) == ScramHash::sha256) {
      // Accounts created before 4.0 (or with mechanisms: ["SCRAM-SHA-1"]) only have SHA-1:
      // the server answers MechanismUnavailable, not AuthenticationFailed.
      session->close();
      std::string why;
      HelloFacts again;
      session = co_await handshake(context, target.tls, again, why);
      if (session)
        login = co_await authenticate(context, *session, ScramHash::sha1, context.login->user,
                                      context.login->password, database);
    }
    if (login.outcome == LoginOutcome::success)
      authorized = true;
    else
      context.note(fmt::format(fmt::runtime(tr("提供的 MongoDB 凭据（账号 {}）登录失败：{}",
                                               "the supplied MongoDB credentials (account {}) did "
                                               "not log in: {}")),
                               context.login->user, login.detail));
  }
  if (authorized && session) {
    co_await check_configuration(context, *session);
  } else if (!authorized && !context.login) {
    context.note(
        std::string(tr("未提供 MongoDB 凭据：auditLog、监听地址和 root 账号检查需要 --creds",
                       "no MongoDB credentials: the auditLog, bind address and root account "
                       "checks need --creds")));
  }
  if (session) session->close();

  // Guessing only makes sense where the server asks for a password.
  if (!summary && listed_doc && command_status(*listed_doc).code == kUnauthorized)
    co_await check_weak_passwords(target);
}

}  // namespace paicha::services::mongodb
