#include "services/mysql/evaluate.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include <fmt/format.h>

#include "core/i18n.h"
#include "services/probe_util.h"

namespace paicha::services::mysql {

namespace {

constexpr double kSixMonthsSeconds = 180.0 * 86400.0;

std::string variable(const ServerFacts& facts, const std::string& name) {
  auto it = facts.variables.find(name);
  return it == facts.variables.end() ? std::string() : it->second;
}

bool is_on(std::string_view value) {
  return value == "ON" || value == "on" || value == "1" || value == "TRUE" || value == "YES";
}

std::optional<double> parse_number(const std::string& text) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end == text.c_str()) return std::nullopt;
  return value;
}

bool plugin_active(const ServerFacts& facts, const std::string& name) {
  auto it = facts.plugins.find(name);
  return it != facts.plugins.end() && it->second == "ACTIVE";
}

// MySQL 8 allows a list ("10.0.0.5,::1"); MariaDB's default is empty, meaning every interface.
bool binds_all_interfaces(std::string_view bind_address) {
  bind_address = trim(bind_address);
  if (bind_address.empty()) return true;
  size_t start = 0;
  while (start <= bind_address.size()) {
    size_t comma = bind_address.find(',', start);
    if (comma == std::string_view::npos) comma = bind_address.size();
    const std::string_view item = trim(bind_address.substr(start, comma - start));
    if (item == "*" || item == "0.0.0.0" || item == "::" || item == "[::]") return true;
    start = comma + 1;
  }
  return false;
}

std::string join(const std::vector<std::string>& items, size_t limit) {
  std::string out;
  for (size_t i = 0; i < items.size() && i < limit; ++i) out += (i ? ", " : "") + items[i];
  if (items.size() > limit) out += ", ...";
  return out;
}

void check_accounts(const ServerFacts& facts, std::vector<Verdict>& out) {
  std::vector<std::string> anonymous;
  for (const Account& account : facts.accounts) {
    if (account.locked) continue;
    const std::string name = account_name(account.user, account.host);
    if (account.user.empty()) anonymous.push_back(name);
    if (account.user == "root" && !is_local_host(account.host)) {
      out.push_back({"mysql.remote_root",
                     fmt::format(fmt::runtime(tr("mysql.user 中存在可从非本机登录的 root 账号 {}",
                                                 "mysql.user has a root account reachable from "
                                                 "other hosts: {}")),
                                 name),
                     "root@" + account.host});
    }
    if ((account.host == "%" || account.host.empty()) && !account.global_privileges.empty()) {
      out.push_back(
          {"mysql.wildcard_host_global_priv",
           fmt::format(fmt::runtime(tr("账号 {} 允许任意主机登录，并拥有 {} 项全局权限（{}）",
                                       "account {} may log in from any host and holds {} global "
                                       "privileges ({})")),
                       name, account.global_privileges.size(), join(account.global_privileges, 8)),
           account.user + "@" + account.host});
    }
  }
  if (!anonymous.empty()) {
    out.push_back({"mysql.anonymous_user",
                   fmt::format(fmt::runtime(tr("mysql.user 中有 {} 个匿名账号：{}",
                                               "mysql.user has {} anonymous accounts: {}")),
                               anonymous.size(), join(anonymous, 8)),
                   "anonymous"});
  }
}

void check_audit(const ServerFacts& facts, std::vector<Verdict>& out) {
  const bool server_audit = plugin_active(facts, "server_audit");
  const bool server_audit_logging = is_on(variable(facts, "server_audit_logging"));
  if ((server_audit && server_audit_logging) || plugin_active(facts, "audit_log") ||
      plugin_active(facts, "audit_log_filter")) {
    return;
  }
  std::string evidence;
  if (server_audit)
    evidence = std::string(tr("server_audit 插件已加载但 server_audit_logging=OFF，未记录审计日志",
                              "the server_audit plugin is loaded but server_audit_logging=OFF: "
                              "nothing is audited"));
  else
    evidence = std::string(tr("未加载 server_audit 或 audit_log 审计插件",
                              "neither the server_audit nor the audit_log plugin is active"));
  const std::string general_log = variable(facts, "general_log");
  if (!general_log.empty()) {
    evidence +=
        is_on(general_log)
            ? std::string(tr("；general_log=ON（只是查询日志：无轮转、无防篡改，不能替代审计）",
                             "; general_log=ON (a query log only: no rotation, no "
                             "tamper protection, no substitute for auditing)"))
            : std::string(tr("；general_log=OFF，连接和语句均无任何记录",
                             "; general_log=OFF, so no connection or statement is "
                             "recorded at all"));
  }
  out.push_back({"mysql.no_audit", evidence, "audit_plugin"});
}

void check_retention(const ServerFacts& facts, std::vector<Verdict>& out) {
  const std::optional<double> seconds = binlog_retention_seconds(facts);
  if (!seconds || *seconds >= kSixMonthsSeconds) return;
  out.push_back(
      {"log.retention_short",
       fmt::format(fmt::runtime(tr("二进制日志（binlog）只保留 {:.1f} 天（expire_logs_days={}，"
                                   "binlog_expire_logs_seconds={}），少于网络安全法要求的 180 天；"
                                   "binlog 是数据变更的唯一服务器端记录",
                                   "binary logs are kept for only {:.1f} days "
                                   "(expire_logs_days={}, binlog_expire_logs_seconds={}), less "
                                   "than the 180 days the Cybersecurity Law requires; the binlog "
                                   "is the server's only record of data changes")),
                   *seconds / 86400.0, variable(facts, "expire_logs_days"),
                   variable(facts, "binlog_expire_logs_seconds")),
       "binlog_retention"});
}

void check_bind_address(const ServerFacts& facts, std::vector<Verdict>& out) {
  auto it = facts.variables.find("bind_address");
  if (it == facts.variables.end() || !binds_all_interfaces(it->second)) return;
  const std::string shown = it->second.empty()
                                ? std::string(tr("（空，即全部接口）", "(empty: all interfaces)"))
                                : clean_text(it->second, 80);
  out.push_back({"generic.listen_all_interfaces",
                 fmt::format(fmt::runtime(tr("bind_address = {}：MySQL/MariaDB 监听所有网络接口",
                                             "bind_address = {}: MySQL/MariaDB listens on every "
                                             "network interface")),
                             shown),
                 "bind_address"});
}

}  // namespace

std::string account_name(std::string_view user, std::string_view host) {
  return fmt::format("'{}'@'{}'", clean_text(user, 64), clean_text(host, 64));
}

bool is_local_host(std::string_view host) {
  return host == "localhost" || host == "127.0.0.1" || host == "::1";
}

std::optional<double> binlog_retention_seconds(const ServerFacts& facts) {
  if (!is_on(variable(facts, "log_bin"))) return std::nullopt;
  // MySQL 8 and MariaDB 10.6+: binlog_expire_logs_seconds wins when set; 0 in both means
  // "never purge automatically".
  if (auto seconds = parse_number(variable(facts, "binlog_expire_logs_seconds"));
      seconds && *seconds > 0)
    return *seconds;
  if (auto days = parse_number(variable(facts, "expire_logs_days")); days && *days > 0)
    return *days * 86400.0;
  return std::nullopt;
}

std::vector<Verdict> evaluate_server_facts(const ServerFacts& facts) {
  std::vector<Verdict> out;
  if (facts.accounts_readable) check_accounts(facts, out);
  if (facts.plugins_readable) check_audit(facts, out);
  check_retention(facts, out);
  check_bind_address(facts, out);
  return out;
}

}  // namespace paicha::services::mysql
