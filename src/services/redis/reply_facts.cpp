#include "services/redis/reply_facts.h"
#include "core/human_size.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include <fmt/format.h>

#include "services/probe_util.h"

namespace paicha::services::redis {

namespace {

bool to_int64(std::string_view text, int64_t& out) {
  text = trim(text);
  if (text.empty()) return false;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
  return error == std::errc() && end == text.data() + text.size();
}

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

InfoFacts parse_info(std::string_view body) {
  InfoFacts facts;
  if (const auto version = line_value(body, "redis_version:")) {
    facts.version = std::string(version_prefix(trim(*version)));
  }
  if (const auto memory = line_value(body, "used_memory:")) {
    int64_t bytes = 0;
    if (to_int64(*memory, bytes) && bytes >= 0) facts.used_memory = bytes;
  }
  // Keyspace lines: "db0:keys=12,expires=0,avg_ttl=0".
  size_t start = 0;
  while (start < body.size()) {
    size_t end = body.find('\n', start);
    if (end == std::string_view::npos) end = body.size();
    const std::string_view line = trim(body.substr(start, end - start));
    start = end + 1;
    if (line.size() < 4 || line.substr(0, 2) != "db") continue;
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 2) continue;
    const std::string_view index = line.substr(2, colon - 2);
    if (!std::all_of(index.begin(), index.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      continue;
    }
    const std::string_view fields = line.substr(colon + 1);
    if (fields.substr(0, 5) != "keys=") continue;
    const std::string_view count = fields.substr(5, fields.find(',') - 5);
    int64_t keys = 0;
    if (!to_int64(count, keys) || keys < 0) continue;
    ++facts.databases;
    if (keys > INT64_MAX - facts.keys) keys = INT64_MAX - facts.keys;
    facts.keys += keys;
  }
  return facts;
}

std::optional<std::string> config_value(const RespValue& reply, std::string_view name) {
  if (reply.type != RespValue::Type::array) return std::nullopt;
  const auto& items = reply.elements;
  for (size_t i = 0; i + 1 < items.size(); i += 2) {
    if (items[i].is_string() && items[i + 1].is_string() && lower(items[i].text) == lower(name)) {
      return items[i + 1].text;
    }
  }
  return std::nullopt;
}

bool binds_all_interfaces(std::string_view bind) {
  bind = trim(bind);
  if (bind.empty()) return true;
  size_t start = 0;
  while (start < bind.size()) {
    size_t end = bind.find(' ', start);
    if (end == std::string_view::npos) end = bind.size();
    std::string_view address = bind.substr(start, end - start);
    start = end + 1;
    if (!address.empty() && address[0] == '-') address.remove_prefix(1);
    if (address == "*" || address == "0.0.0.0" || address == "::" || address == "::*") {
      return true;
    }
  }
  return false;
}

const std::vector<DangerousCommand>& dangerous_commands() {
  // Categories as Redis 6/7 assign them (COMMAND DOCS / ACL CAT).
  static const std::vector<DangerousCommand> commands = {
      {"config", {"get", "maxmemory"}, {"admin", "slow", "dangerous"}},
      {"flushall", {}, {"keyspace", "write", "slow", "dangerous"}},
      {"flushdb", {}, {"keyspace", "write", "slow", "dangerous"}},
      {"debug", {"help"}, {"admin", "slow", "dangerous"}},
      {"module", {"list"}, {"admin", "slow", "dangerous"}},
      {"slaveof", {"no", "one"}, {"admin", "slow", "dangerous"}},
      {"replicaof", {"no", "one"}, {"admin", "slow", "dangerous"}},
      {"keys", {"*"}, {"keyspace", "read", "slow", "dangerous"}},
  };
  return commands;
}

bool acl_allows(std::string_view rules, const DangerousCommand& command) {
  bool allowed = false;
  size_t start = 0;
  while (start < rules.size()) {
    size_t end = rules.find(' ', start);
    if (end == std::string_view::npos) end = rules.size();
    const std::string rule = lower(rules.substr(start, end - start));
    start = end + 1;
    if (rule == "allcommands") {
      allowed = true;
      continue;
    }
    if (rule == "nocommands") {
      allowed = false;
      continue;
    }
    if (rule.size() < 2 || (rule[0] != '+' && rule[0] != '-')) continue;
    const bool grant = rule[0] == '+';
    std::string_view target = std::string_view(rule).substr(1);
    if (target[0] == '@') {
      target.remove_prefix(1);
      const bool member = target == "all" ||
                          std::find(command.categories.begin(), command.categories.end(), target) !=
                              command.categories.end();
      if (member) allowed = grant;
      continue;
    }
    // "+config|get" grants one subcommand: enough to count CONFIG as reachable; "-config|set"
    // takes one away but leaves the rest.
    const size_t bar = target.find('|');
    if (target.substr(0, bar) != command.name) continue;
    if (bar == std::string_view::npos || grant) allowed = grant;
  }
  return allowed;
}

std::optional<std::string> acl_user_commands(const RespValue& reply) {
  if (reply.type != RespValue::Type::array) return std::nullopt;
  const auto& items = reply.elements;
  for (size_t i = 0; i + 1 < items.size(); i += 2) {
    if (items[i].is_string() && items[i].text == "commands" && items[i + 1].is_string()) {
      return items[i + 1].text;
    }
  }
  return std::nullopt;
}

std::string human_bytes(int64_t bytes) {
  return human_size(bytes);
}

}  // namespace paicha::services::redis
