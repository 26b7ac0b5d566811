#include "services/postgresql/checks.h"
#include "core/human_size.h"

#include <algorithm>
#include <asio/ip/address.hpp>
#include <bitset>
#include <charconv>

#include <fmt/format.h>

#include "core/i18n.h"
#include "services/guessing.h"
#include "services/postgresql/login.h"
#include "services/probe_util.h"

namespace paicha::services::postgresql {

namespace {

constexpr int kMinutesPerDay = 24 * 60;

std::vector<std::string_view> split_list(std::string_view text) {
  std::vector<std::string_view> parts;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find(',', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view part = trim(text.substr(pos, end - pos));
    if (part.size() >= 2 && part.front() == '"' && part.back() == '"')
      part = part.substr(1, part.size() - 2);
    if (!part.empty()) parts.push_back(part);
    pos = end + 1;
  }
  return parts;
}

std::string setting(const std::map<std::string, std::string>& settings, const std::string& name) {
  auto it = settings.find(name);
  return it == settings.end() ? std::string() : it->second;
}

// The repeat period, in minutes, of one strftime conversion; 0 for conversions that do not
// change the name; -1 for ones that never repeat (years, epoch seconds); -2 unknown.
int conversion_period(char c) {
  switch (c) {
    case 'Y':
    case 'y':
    case 'G':
    case 'g':
    case 'C':
    case 's':
    case 'F':
    case 'D':
    case 'c':
    case 'x':
      return -1;
    case 'j':
    case 'm':
    case 'b':
    case 'B':
    case 'h':
    case 'U':
    case 'W':
    case 'V':
      return 366 * kMinutesPerDay;
    case 'd':
    case 'e':
      return 31 * kMinutesPerDay;
    case 'a':
    case 'A':
    case 'u':
    case 'w':
      return 7 * kMinutesPerDay;
    case 'H':
    case 'I':
    case 'k':
    case 'l':
    case 'p':
    case 'P':
    case 'R':
    case 'T':
    case 'X':
    case 'r':
      return kMinutesPerDay;
    case 'M':
      return 60;
    case 'S':
      return 1;
    case '%':
    case 'n':
    case 't':
    case 'Z':
    case 'z':
      return 0;
    default:
      return -2;
  }
}

std::optional<int> parse_int(std::string_view text) {
  int value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<int> prefix_length(std::string_view netmask) {
  std::error_code ec;
  auto mask = asio::ip::make_address(std::string(netmask), ec);
  if (ec) return std::nullopt;
  int bits = 0;
  if (mask.is_v4()) {
    bits = static_cast<int>(std::bitset<32>(mask.to_v4().to_uint()).count());
  } else {
    for (unsigned char byte : mask.to_v6().to_bytes()) bits += std::bitset<8>(byte).count();
  }
  return bits;
}

bool is_loopback_rule(const HbaRule& rule) {
  if (rule.address == "samehost") return true;
  std::error_code ec;
  auto address = asio::ip::make_address(rule.address, ec);
  if (ec || !address.is_loopback()) return false;
  auto bits = prefix_length(rule.netmask);
  // 127.0.0.0/8 is loopback; a shorter prefix reaches further.
  return bits && (address.is_v4() ? *bits >= 8 : *bits == 128);
}

std::string retention_text(int minutes) {
  if (minutes >= kMinutesPerDay)
    return fmt::format("{} {}", minutes / kMinutesPerDay, tr("天", "days"));
  if (minutes >= 60) return fmt::format("{} {}", minutes / 60, tr("小时", "hours"));
  return fmt::format("{} {}", minutes, tr("分钟", "minutes"));
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const auto& part : parts) {
    if (!out.empty()) out += separator;
    out += part;
  }
  return out;
}

void report_logging(AuditContext& context, const ServerFacts& facts) {
  const auto& s = facts.settings;
  std::vector<std::string> off;
  for (const char* name : {"log_connections", "log_disconnections"})
    if (setting(s, name) == "off") off.push_back(fmt::format("{} = off", name));
  if (!off.empty())
    context.report("postgresql.log_connections_off", join(off, "，"), "log_connections");

  if (setting(s, "log_statement") == "none")
    context.report("postgresql.log_statement_none", "log_statement = none", "log_statement");

  if (!s.count("shared_preload_libraries")) {
    context.note(
        fmt::format("{} {}",
                    tr("PostgreSQL：无法读取 shared_preload_libraries（需要超级用户或 "
                       "pg_read_all_settings），未检查 pgaudit；账号",
                       "PostgreSQL: shared_preload_libraries is not readable (needs superuser or "
                       "pg_read_all_settings), pgaudit not checked; account"),
                    facts.current_user));
  } else {
    const std::string libraries = setting(s, "shared_preload_libraries");
    bool loaded = false;
    for (auto library : split_list(libraries)) loaded |= library == "pgaudit";
    if (!loaded) {
      context.report("postgresql.no_pgaudit",
                     fmt::format("shared_preload_libraries = '{}'{}", clean_text(libraries, 80),
                                 tr("，未包含 pgaudit", ", pgaudit not among them")),
                     "pgaudit");
    } else if (setting(s, "pgaudit.log") == "none") {
      context.report(
          "postgresql.no_pgaudit",
          std::string(tr("pgaudit 已加载，但 pgaudit.log = none，不记录任何审计事件",
                         "pgaudit is loaded but pgaudit.log = none: nothing is audited")),
          "pgaudit");
    }
  }

  if (auto minutes = log_retention_minutes(s);
      minutes && *minutes < kMinRetentionDays * kMinutesPerDay) {
    context.report(
        "log.retention_short",
        fmt::format(
            fmt::runtime(
                tr("logging_collector = on，log_filename = '{}'，log_truncate_on_rotation = on，"
                   "log_rotation_age = {} 分钟：文件名每 {} 重复一次，重复时旧文件被截断覆盖，"
                   "PostgreSQL 日志最多保留约 {}，少于网络安全法要求的六个月",
                   "logging_collector = on, log_filename = '{}', log_truncate_on_rotation = "
                   "on, log_rotation_age = {} min: the file name repeats every {} and is then "
                   "truncated, so PostgreSQL keeps its log for about {}, less than the six "
                   "months the Cybersecurity Law requires")),
            clean_text(setting(s, "log_filename"), 60), setting(s, "log_rotation_age"),
            retention_text(*minutes), retention_text(*minutes)),
        "postgresql.log_filename");
  }
}

void report_access_control(AuditContext& context, const ServerFacts& facts) {
  const auto& s = facts.settings;
  if (s.count("listen_addresses") && listens_on_all_interfaces(setting(s, "listen_addresses")))
    context.report(
        "generic.listen_all_interfaces",
        fmt::format("listen_addresses = '{}'", clean_text(setting(s, "listen_addresses"), 80)),
        "listen_addresses");

  if (facts.login_superusers &&
      static_cast<int>(facts.login_superusers->size()) > kMaxLoginSuperusers) {
    std::vector<std::string> names;
    for (const auto& name : *facts.login_superusers) names.push_back(clean_text(name, 40));
    context.report("postgresql.too_many_superusers",
                   fmt::format(fmt::runtime(tr("{} 个可登录的超级用户：{}",
                                               "{} superusers that can log in: {}")),
                               names.size(), join(names, ", ")));
  }

  if (facts.public_schema_create.value_or(false))
    context.report(
        "postgresql.public_schema_create",
        fmt::format(
            fmt::runtime(tr("库 {} 中 PUBLIC（所有用户）拥有 public 模式的 CREATE 权限",
                            "in database {}, PUBLIC (every role) has CREATE on schema public")),
            clean_text(facts.database, 60)),
        facts.database);

  if (!facts.hba) {
    context.note(fmt::format(
        "{} {}",
        tr("PostgreSQL：读取 pg_hba_file_rules 需要超级用户权限，未检查 pg_hba.conf 规则；账号",
           "PostgreSQL: reading pg_hba_file_rules needs superuser rights, pg_hba.conf not checked; "
           "account"),
        facts.current_user));
    return;
  }
  for (const auto& rule : *facts.hba) {
    if (!rule.error.empty()) continue;  // the server ignores lines it cannot parse
    const std::string text = describe_hba_rule(rule);
    const std::string where = fmt::format(
        fmt::runtime(tr("pg_hba.conf 第 {} 行：{}", "pg_hba.conf line {}: {}")), rule.line, text);
    if (hba_open_to_world(rule)) context.report("postgresql.hba_open_world", where, text);
    if (hba_weak_method(rule)) context.report("postgresql.hba_password_auth", where, text);
  }
}

asio::awaitable<ServerFacts> collect_on_pool(std::string host, uint16_t port, PgLogin login,
                                             int seconds) {
  co_return collect_facts(host, port, login, seconds);
}

// libpq blocks, so it runs on the blocking pool. A plain coroutine function rather than
// AuditContext::blocking(): GCC 12 corrupts the heap with the capturing coroutine lambda there.
asio::awaitable<ServerFacts> gather(AuditContext& context, PgLogin login) {
  const std::string host = context.endpoint.address().to_string();
  const uint16_t port = context.endpoint.port();
  const int seconds = static_cast<int>((context.timeout.count() + 999) / 1000);
  asio::awaitable<ServerFacts> task = collect_on_pool(host, port, std::move(login), seconds);
  ServerFacts facts = co_await asio::co_spawn(context.blocking_pool->get_executor(),
                                              std::move(task), asio::use_awaitable);
  co_return facts;
}

asio::awaitable<LoginResult> try_password(asio::ip::tcp::endpoint endpoint, std::string user,
                                          std::string password, net::Millis timeout,
                                          asio::ssl::context* tls) {
  LoginAttempt attempt{std::move(user), std::move(password), "postgres", TlsMode::prefer};
  LoginReport report = co_await attempt_login(endpoint, std::move(attempt), timeout, tls);
  co_return report.result;
}

std::string reachable_text(const ServerFacts& facts) {
  if (!facts.database_count) return {};
  std::string text = fmt::format(fmt::runtime(tr("可访问 {} 个库", "{} databases reachable")),
                                 *facts.database_count);
  if (facts.total_bytes)
    text +=
        fmt::format(fmt::runtime(tr("，共 {}", ", {} in total")), human_size(*facts.total_bytes));
  if (facts.superuser) text += tr("，且为超级用户", ", as superuser");
  return text;
}

}  // namespace

const std::vector<std::string>& default_users() {
  static const std::vector<std::string> users = {"postgres"};
  return users;
}

bool listens_on_all_interfaces(std::string_view listen_addresses) {
  for (auto address : split_list(listen_addresses))
    if (address == "*" || address == "0.0.0.0" || address == "::") return true;
  return false;
}

std::optional<int> log_retention_minutes(const std::map<std::string, std::string>& settings) {
  if (setting(settings, "logging_collector") != "on") return std::nullopt;
  if (setting(settings, "log_truncate_on_rotation") != "on") return std::nullopt;
  bool to_files = false;
  // Kept in a local: split_list() returns views into it, and a range-for does not keep the
  // temporaries of its range expression alive.
  const std::string destinations = setting(settings, "log_destination");
  for (auto destination : split_list(destinations))
    to_files |= destination == "stderr" || destination == "csvlog" || destination == "jsonlog";
  if (!to_files) return std::nullopt;
  const auto rotation = parse_int(setting(settings, "log_rotation_age"));  // minutes
  if (!rotation || *rotation <= 0) return std::nullopt;  // only time-based rotation truncates

  const std::string pattern = setting(settings, "log_filename");
  int period = 0;
  for (size_t i = 0; i + 1 < pattern.size(); ++i) {
    if (pattern[i] != '%') continue;
    char c = pattern[++i];
    if ((c == 'E' || c == 'O') && i + 1 < pattern.size()) c = pattern[++i];  // %Ey, %Od
    const int p = conversion_period(c);
    if (p == -1 || p == -2) return std::nullopt;  // never repeats, or unknown
    period = std::max(period, p);
  }
  // A fixed name never changes at rotation, so it is appended to, not truncated. A rotation
  // age at or above the period may land on the same name each time: appended too.
  if (period == 0 || *rotation >= period) return std::nullopt;
  return period;
}

bool hba_open_to_world(const HbaRule& rule) {
  if (rule.type.rfind("host", 0) != 0 || rule.auth_method == "reject") return false;
  if (rule.address == "all") return true;
  return (rule.address == "0.0.0.0" && rule.netmask == "0.0.0.0") ||
         (rule.address == "::" && rule.netmask == "::");
}

bool hba_weak_method(const HbaRule& rule) {
  return rule.auth_method == "trust" || rule.auth_method == "password" || rule.auth_method == "md5";
}

bool hba_plaintext_remote(const HbaRule& rule) {
  if (rule.type != "host" && rule.type != "hostnogssenc" && rule.type != "hostnossl") return false;
  return rule.auth_method != "reject" && !is_loopback_rule(rule);
}

std::string describe_hba_rule(const HbaRule& rule) {
  std::string address = rule.address;
  if (!rule.netmask.empty()) {
    if (auto bits = prefix_length(rule.netmask))
      address += fmt::format("/{}", *bits);
    else
      address += " " + rule.netmask;
  }
  std::string text = fmt::format("{} {} {}", rule.type, rule.database, rule.user);
  if (!address.empty()) text += " " + address;
  text += " " + rule.auth_method;
  return clean_text(text, 160);
}

void report_configuration(AuditContext& context, const ServerFacts& facts) {
  if (!facts.connected) return;
  report_logging(context, facts);
  report_access_control(context, facts);
  for (const auto& problem : facts.problems)
    context.note(fmt::format("PostgreSQL {}: {}", tr("查询失败", "query failed"), problem));
}

asio::awaitable<void> audit_postgresql(AuditContext& context) {
  asio::ssl::context* tls = context.tls_context.get();
  const auto endpoint = context.endpoint;
  const auto timeout = context.timeout;

  // 1. Does the server let postgres in without a password? Also learns whether TLS is offered.
  LoginAttempt trust_attempt{"postgres", std::nullopt, "postgres", TlsMode::prefer};
  LoginReport probe = co_await attempt_login(endpoint, trust_attempt, timeout, tls);
  std::optional<bool> tls_offered = probe.tls_offered;
  if (!tls_offered) tls_offered = context.asset.tls;
  if (tls_offered == false)
    context.report(
        "postgresql.no_tls",
        std::string(
            tr("服务器对 SSLRequest 回答 N：不支持 TLS，所有数据明文传输",
               "the server answers N to SSLRequest: no TLS, everything is sent in plaintext")));
  const bool trust = probe.result.outcome == LoginOutcome::success && !probe.password_requested;
  if (probe.result.outcome == LoginOutcome::error || probe.result.outcome == LoginOutcome::blocked)
    context.note(fmt::format("PostgreSQL {}: {}",
                             tr("免口令登录检查未完成", "trust login check incomplete"),
                             probe.result.detail));

  std::optional<ServerFacts> trust_facts;
  if (trust) {
    PgLogin trust_login{"postgres", std::nullopt, "postgres"};
    trust_facts = co_await gather(context, trust_login);
    std::string evidence(tr("以 postgres 账号免口令登录成功（trust 认证）",
                            "logged in as postgres without a password (trust authentication)"));
    if (trust_facts->connected) {
      if (auto reachable = reachable_text(*trust_facts); !reachable.empty())
        evidence += std::string(tr("；", "; ")) + reachable;
    }
    context.report("postgresql.trust_auth", evidence, "postgres");
  }

  // 2. Weak passwords (pointless under trust: every password "works").
  std::optional<Credential> found;
  if (!trust) {
    TryLogin try_login = [endpoint, timeout, tls](const std::string& user,
                                                  const std::string& password) {
      return try_password(endpoint, user, password, timeout, tls);
    };
    GuessResult guess = co_await guess_credentials(context, try_login);
    if (guess.found) {
      found = guess.found;
      context.report("postgresql.weak_password",
                     fmt::format(fmt::runtime(tr("账号 {} 使用弱口令 {}",
                                                 "account {} has the weak password {}")),
                                 clean_text(found->user, 60), mask_secret(found->password)),
                     found->user);
    }
    if (guess.stopped_blocked)
      context.note(fmt::format(
          "PostgreSQL {}: {}",
          tr("口令猜测已停止，服务器拒绝连接", "password guessing stopped, the server refuses us"),
          guess.detail));
  }

  // 3. Configuration, read with the supplied account (or the trust login), never a guessed one.
  std::optional<ServerFacts> facts;
  if (context.login) {
    const auto& login = *context.login;
    PgLogin supplied{login.user, login.password, login.database};
    if (supplied.database.empty()) supplied.database = "postgres";
    facts = co_await gather(context, supplied);
    if (!facts->connected)
      context.note(fmt::format("PostgreSQL {} {}: {}",
                               tr("无法以提供的账号登录", "cannot log in as the supplied account"),
                               login.user, facts->error));
  } else if (trust_facts) {
    facts = trust_facts;
    if (!facts->connected)
      context.note(fmt::format("PostgreSQL {}: {}",
                               tr("trust 登录后查询失败", "queries after the trust login failed"),
                               facts->error));
  } else {
    context.note(std::string(
        tr("PostgreSQL：未用 --creds 提供账号，未检查日志审计和访问控制配置",
           "PostgreSQL: no account supplied with --creds, logging and access-control settings "
           "not checked")));
  }
  if (facts && facts->connected) report_configuration(context, *facts);

  // 4. TLS offered but not required: a connection without SSLRequest that gets past pg_hba.conf
  // (the server asks for a password, or lets us in) proves plaintext is accepted. No password is
  // sent for this: closing at the password request leaves no failed login behind.
  if (tls_offered == true) {
    std::vector<std::string> evidence;
    const std::string user = context.login ? context.login->user : "postgres";
    LoginAttempt plain_attempt{user, std::nullopt, "postgres", TlsMode::disable};
    LoginReport plain = co_await attempt_login(endpoint, plain_attempt, timeout, nullptr);
    if (plain.password_requested || plain.result.outcome == LoginOutcome::success)
      evidence.push_back(fmt::format(
          fmt::runtime(
              tr("未加密连接（账号 {}）通过了 pg_hba.conf 检查，服务器接受明文登录（认证方式 {}）",
                 "an unencrypted connection (account {}) passed pg_hba.conf: the server accepts "
                 "plaintext logins (method {})")),
          clean_text(user, 60), plain.method));
    if (facts && facts->hba)
      for (const auto& rule : *facts->hba)
        if (rule.error.empty() && hba_plaintext_remote(rule))
          evidence.push_back(fmt::format(
              fmt::runtime(tr("pg_hba.conf 第 {} 行允许非加密连接：{}",
                              "pg_hba.conf line {} admits unencrypted connections: {}")),
              rule.line, describe_hba_rule(rule)));
    if (!evidence.empty())
      context.report("postgresql.tls_not_required", join(evidence, tr("；", "; ")));
  }
  (void)found;
}

}  // namespace paicha::services::postgresql
