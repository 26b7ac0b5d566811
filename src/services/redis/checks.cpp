#include "services/redis/checks.h"

#include <fmt/format.h>

#include "core/i18n.h"
#include "net/connection.h"
#include "services/guessing.h"
#include "services/probe_util.h"
#include "services/redis/auth.h"
#include "services/redis/reply_facts.h"
#include "services/redis/session.h"

namespace paicha::services {

std::vector<std::string> redis_default_users() {
  return {"default"};
}

namespace {

using redis::Command;
using redis::DangerousCommand;
using redis::RespSession;
using redis::RespValue;

std::string upper(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += tr("、", ", ");
    out += item;
  }
  return out;
}

int major_version(std::string_view version) {
  int major = 0;
  for (const char c : version) {
    if (c < '0' || c > '9') break;
    major = major * 10 + (c - '0');
    if (major > 1000) break;
  }
  return major;
}

// What a session can see, and who it is logged in as.
struct Access {
  std::unique_ptr<RespSession> session;
  std::string user = "default";
  std::string version;
};

void report_unauthorized(AuditContext& context, const RespValue& info, const RespValue& dbsize,
                         std::string& version) {
  redis::InfoFacts facts;
  if (info.type == RespValue::Type::bulk) {
    facts = redis::parse_info(info.text);
    version = facts.version;
  } else {
    facts.keys = dbsize.integer;  // INFO refused by ACL, DBSIZE answered: db 0 only
    facts.databases = 1;
  }
  const std::string memory = facts.used_memory ? redis::human_bytes(*facts.used_memory)
                                               : std::string(tr("未知", "unknown"));
  context.report(
      "redis.unauthorized_access",
      fmt::format(fmt::runtime(tr("无需口令即可执行 INFO/DBSIZE：{} 个键，{} 个库，已用内存 {}",
                                  "INFO/DBSIZE answered without a password: {} keys in "
                                  "{} databases, {} of memory in use")),
                  facts.keys, facts.databases, memory));
}

// Which dangerous commands exist (not renamed away) and are not switched off by
// enable-debug-command / enable-module-command.
std::vector<const DangerousCommand*> present_commands(AuditContext& context,
                                                      const RespValue& command_info,
                                                      const std::optional<std::string>& debug,
                                                      const std::optional<std::string>& module,
                                                      int major) {
  std::vector<const DangerousCommand*> present;
  const auto& all = redis::dangerous_commands();
  for (size_t i = 0; i < all.size() && i < command_info.elements.size(); ++i) {
    if (command_info.elements[i].is_null()) continue;
    const auto& command = all[i];
    if (command.name == "debug" || command.name == "module") {
      const auto& setting = command.name == "debug" ? debug : module;
      // "local" still refuses every remote client.
      if (setting && (*setting == "no" || *setting == "local")) continue;
      if (!setting && major >= 7) {
        context.note(fmt::format(
            fmt::runtime(
                tr("无法读取 enable-{}-command，按 Redis 7 默认值 no 处理",
                   "enable-{}-command could not be read; assuming the Redis 7 default, no")),
            command.name));
        continue;
      }
    }
    present.push_back(&command);
  }
  return present;
}

// Which of `present` the logged-in user may run, judged by ACL without running any of them.
asio::awaitable<std::vector<std::string>> permitted_commands(
    AuditContext& context, Access& access, const RespValue& whoami,
    const std::vector<const DangerousCommand*>& present) {
  std::vector<std::string> permitted;
  auto all_of_them = [&] {
    for (const auto* command : present) permitted.push_back(upper(command->name));
  };
  if (present.empty()) co_return permitted;
  if (whoami.is_error()) {
    if (contains_ci(whoami.text, "unknown command")) {
      all_of_them();  // before Redis 6 there are no ACLs: every client may run everything
    } else {
      context.note(fmt::format(
          fmt::runtime(tr("ACL WHOAMI 被拒绝（{}），无法确认高危命令的 ACL 限制",
                          "ACL WHOAMI was refused ({}); the ACL limits of dangerous commands "
                          "could not be confirmed")),
          clean_text(whoami.text)));
    }
    co_return permitted;
  }
  if (whoami.is_string()) access.user = whoami.text;

  std::vector<Command> dryruns;
  for (const auto* command : present) {
    Command dryrun{"ACL", "DRYRUN", access.user, std::string(command->name)};
    for (const auto arg : command->dryrun_args) dryrun.emplace_back(arg);
    dryruns.push_back(std::move(dryrun));
  }
  std::string problem;
  auto replies = co_await access.session->pipeline(std::move(dryruns), problem);
  if (!replies) {
    context.note(fmt::format("ACL DRYRUN: {}", problem));
    co_return permitted;
  }
  std::optional<std::string> getuser_rules;  // Redis 6 fallback, fetched once
  for (size_t i = 0; i < present.size(); ++i) {
    const RespValue& reply = (*replies)[i];
    const auto& command = *present[i];
    if (reply.type == RespValue::Type::simple && reply.text == "OK") {
      permitted.push_back(upper(command.name));
      continue;
    }
    if (reply.is_string()) continue;  // "This user has no permissions to run ..."
    if (contains_ci(reply.text, "unknown subcommand") || contains_ci(reply.text, "syntax error")) {
      if (!getuser_rules) {
        Command getuser{"ACL", "GETUSER", access.user};
        auto user = co_await access.session->call(std::move(getuser), problem);
        getuser_rules = user ? redis::acl_user_commands(*user).value_or("") : "";
      }
      if (redis::acl_allows(*getuser_rules, command)) permitted.push_back(upper(command.name));
      continue;
    }
    context.note(fmt::format(
        fmt::runtime(tr("ACL DRYRUN {} 未能判断权限：{}", "ACL DRYRUN {} gave no verdict: {}")),
        upper(command.name), clean_text(reply.text)));
  }
  co_return permitted;
}

// protected-mode, bind and dangerous commands: readable only once logged in (or when open).
asio::awaitable<void> check_configuration(AuditContext& context, Access& access) {
  std::vector<Command> commands = {
      {"CONFIG", "GET", "protected-mode"},
      {"CONFIG", "GET", "bind"},
      {"CONFIG", "GET", "enable-debug-command"},
      {"CONFIG", "GET", "enable-module-command"},
      {"ACL", "WHOAMI"},
  };
  Command command_info{"COMMAND", "INFO"};
  for (const auto& command : redis::dangerous_commands()) command_info.emplace_back(command.name);
  commands.push_back(std::move(command_info));

  std::string problem;
  auto replies = co_await access.session->pipeline(std::move(commands), problem);
  if (!replies) {
    context.note(fmt::format(
        "{}: {}", tr("读取 Redis 配置失败", "reading the Redis configuration failed"), problem));
    co_return;
  }
  const auto& r = *replies;
  const auto protected_mode = redis::config_value(r[0], "protected-mode");
  const auto bind = redis::config_value(r[1], "bind");
  if (!protected_mode || !bind) {
    context.note(fmt::format(
        fmt::runtime(tr("CONFIG GET 不可用（{}），未检查 protected-mode 和 bind",
                        "CONFIG GET is not available ({}); protected-mode and bind not checked")),
        r[0].is_error() ? clean_text(r[0].text)
                        : std::string(tr("无此参数", "no such parameter"))));
  }
  if (protected_mode && *protected_mode == "no") {
    context.report("redis.protected_mode_off",
                   std::string(tr("CONFIG GET protected-mode 返回 no",
                                  "CONFIG GET protected-mode returned no")),
                   "protected-mode");
  }
  if (bind && redis::binds_all_interfaces(*bind)) {
    context.report("generic.listen_all_interfaces",
                   fmt::format(fmt::runtime(tr("bind 配置为 \"{}\"，监听所有网络接口",
                                               "bind is \"{}\": listening on every interface")),
                               clean_text(*bind)),
                   "bind");
  }

  const RespValue& command_info_reply = r[5];
  if (command_info_reply.type != RespValue::Type::array) {
    context.note(fmt::format(
        fmt::runtime(tr("COMMAND INFO 不可用（{}），未检查高危命令",
                        "COMMAND INFO is not available ({}); dangerous commands not checked")),
        clean_text(command_info_reply.text)));
    co_return;
  }
  const auto present = present_commands(
      context, command_info_reply, redis::config_value(r[2], "enable-debug-command"),
      redis::config_value(r[3], "enable-module-command"), major_version(access.version));
  const auto permitted = co_await permitted_commands(context, access, r[4], present);
  if (!permitted.empty()) {
    context.report(
        "redis.dangerous_commands",
        fmt::format(fmt::runtime(tr("账号 {} 可执行高危命令（未改名、未被 ACL 限制）：{}",
                                    "user {} may run dangerous commands (neither renamed "
                                    "nor ACL-restricted): {}")),
                    clean_text(access.user), join(permitted)));
  }
}

asio::awaitable<bool> log_in(RespSession& session, const Credential& credential,
                             std::string& problem) {
  auto reply =
      co_await session.call(redis::auth_command(credential.user, credential.password), problem);
  if (!reply) co_return false;
  if (reply->is_string() && reply->text == "OK") co_return true;
  problem = clean_text(reply->text);
  co_return false;
}

}  // namespace

asio::awaitable<void> audit_redis(AuditContext& context) {
  asio::ssl::context* tls = nullptr;
  if (context.asset.tls.value_or(false)) {
    if (!context.tls_context) context.tls_context = net::make_inspection_tls_context();
    tls = context.tls_context.get();
  }
  const std::string port = std::to_string(context.asset.port);
  const std::string product =
      context.asset.version.empty() ? "Redis" : "Redis " + context.asset.version;
  context.report("redis.no_audit",
                 fmt::format(fmt::runtime(tr("{} 没有审计日志，无法追溯谁在何时执行了哪些命令",
                                             "{} keeps no audit log: who ran which command when "
                                             "cannot be traced")),
                             product));
  bool no_tls_reported = false;
  auto report_no_tls = [&] {
    if (no_tls_reported) return;
    no_tls_reported = true;
    context.report("redis.no_tls",
                   fmt::format(fmt::runtime(tr("端口 {} 以明文 RESP 协议通信，未使用 TLS",
                                               "port {} speaks plaintext RESP, without TLS")),
                               port));
  };
  if (context.asset.tls == false) report_no_tls();

  std::string problem;
  Access access;
  access.version = context.asset.version;
  access.session = co_await RespSession::open(context.endpoint, tls, context.timeout, problem);
  if (!access.session) {
    context.note(fmt::format("Redis {}: {}", port, problem));
    co_return;
  }
  std::vector<Command> first_commands{Command{"INFO"}, Command{"DBSIZE"}};
  auto first = co_await access.session->pipeline(std::move(first_commands), problem);
  if (!first) {
    context.note(fmt::format("Redis INFO: {}", problem));
    co_return;
  }
  if (!access.session->is_tls()) report_no_tls();
  const RespValue& info = (*first)[0];
  const RespValue& dbsize = (*first)[1];

  const bool open = info.type == RespValue::Type::bulk || dbsize.type == RespValue::Type::integer;
  bool logged_in = open;
  if (open) {
    std::string version;
    report_unauthorized(context, info, dbsize, version);
    if (!version.empty()) access.version = version;
  }
  const std::string_view refusal = info.error_code();
  const bool needs_auth =
      !open && (refusal == "NOAUTH" || contains_ci(info.text, "operation not permitted"));
  if (!open && refusal == "DENIED") {
    context.note(std::string(
        tr("Redis 处于保护模式，拒绝了本机以外的未认证连接（未设置口令）",
           "Redis protected mode refused the unauthenticated connection (no password is "
           "set)")));
  } else if (!open && !needs_auth) {
    context.note(fmt::format("Redis INFO: {}", clean_text(info.text)));
  }

  if (needs_auth && context.login) {
    if (co_await log_in(*access.session, *context.login, problem)) {
      logged_in = true;
      if (!context.login->user.empty()) access.user = context.login->user;
    } else {
      context.note(
          fmt::format(fmt::runtime(tr("--creds 提供的 Redis 口令被拒绝：{}",
                                      "the Redis credentials from --creds were rejected: {}")),
                      problem));
    }
  }

  if (needs_auth && context.guess.enabled) {
    redis::AuthPool pool(context.endpoint, tls, context.timeout);
    const std::vector<std::string> default_users = redis_default_users();
    TryLogin try_login = [&pool](const std::string& user, const std::string& password) {
      return pool.try_login(user, password);
    };
    const GuessResult guessed = co_await guess_credentials(
        context, try_login, context.guess.users.empty() ? &default_users : nullptr);
    co_await pool.close();
    if (guessed.found) {
      const Credential& found = *guessed.found;
      const std::string user = found.user.empty() ? "default" : found.user;
      context.report(
          "redis.weak_password",
          fmt::format(fmt::runtime(tr("账号 {} 的口令可被猜出：{}（本次共尝试 {} 次）",
                                      "the password of user {} was guessed: {} ({} tries)")),
                      clean_text(user), mask_secret(found.password), guessed.attempts),
          user);
      if (!logged_in) {
        // The first session may have idled through a long guessing run: start afresh.
        co_await access.session->quit();
        access.session =
            co_await RespSession::open(context.endpoint, tls, context.timeout, problem);
        if (access.session && co_await log_in(*access.session, found, problem)) {
          logged_in = true;
          access.user = user;
        }
        if (!access.session) {
          context.note(fmt::format("Redis {}: {}", port, problem));
          co_return;
        }
      }
    } else if (guessed.stopped_blocked) {
      context.note(fmt::format(
          fmt::runtime(tr("Redis 口令猜测提前停止：{}", "Redis password guessing stopped: {}")),
          guessed.detail));
    }
  }

  if (logged_in) {
    co_await check_configuration(context, access);
  } else {
    context.note(std::string(
        tr("既无未授权访问也没有可用口令：protected-mode、bind 和高危命令未检查（可用 --creds "
           "提供口令）",
           "neither unauthenticated access nor a working password: protected-mode, bind "
           "and dangerous commands were not checked (supply a login with --creds)")));
  }
  co_await access.session->quit();
}

}  // namespace paicha::services
