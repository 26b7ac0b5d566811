#include "core/credentials.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <set>

#include "core/data_paths.h"
#include "core/errors.h"
#include "core/i18n.h"

namespace paicha {

namespace {

[[noreturn]] void bad_entry(const std::string& path, const YAML::Node& node,
                            std::string_view what) {
  throw UsageError(fmt::format("{} {}:{}: {}", tr("凭据文件", "credentials file"), path,
                               node.Mark().line + 1, what));
}

std::string scalar(const std::string& path, const YAML::Node& entry, const char* key) {
  const YAML::Node value = entry[key];
  if (!value) return "";
  if (!value.IsScalar())
    bad_entry(
        path, value,
        fmt::format("{} \"{}\" {}", tr("键", "key"), key, tr("应为字符串", "must be a string")));
  return value.as<std::string>();
}

[[noreturn]] void bad_yaml(const std::string& path, const YAML::Exception& e) {
  throw UsageError(fmt::format("{} {}:{}: {}", tr("凭据文件", "credentials file"), path,
                               e.mark.line + 1, e.msg));
}

// The entries of a parsed --creds file; throws UsageError naming the entry and key at fault.
std::vector<SuppliedLogin> read_entries(const std::string& path, const YAML::Node& root) {
  std::vector<SuppliedLogin> logins;
  static const std::set<std::string> known = {"service",  "host",         "port",    "user",
                                              "password", "password_env", "database"};
  for (const auto& entry : root) {
    if (!entry.IsMap()) bad_entry(path, entry, tr("条目应为映射", "an entry must be a mapping"));
    for (const auto& kv : entry) {
      if (!kv.first.IsScalar())
        bad_entry(path, kv.first, tr("键应为字符串", "a key must be a string"));
      const std::string key = kv.first.as<std::string>();
      if (!known.count(key))
        bad_entry(path, kv.first, fmt::format("{} \"{}\"", tr("未知的键", "unknown key"), key));
    }
    SuppliedLogin login;
    login.origin = fmt::format("{}:{}", path, entry.Mark().line + 1);
    login.service = scalar(path, entry, "service");
    login.host = scalar(path, entry, "host");
    login.user = scalar(path, entry, "user");
    login.database = scalar(path, entry, "database");
    login.password = scalar(path, entry, "password");
    const std::string port = scalar(path, entry, "port");
    if (!port.empty()) {
      char* end = nullptr;
      long value = std::strtol(port.c_str(), &end, 10);
      if (*end != '\0' || value < 1 || value > 65535)
        bad_entry(path, entry["port"],
                  fmt::format("{} \"{}\"", tr("端口无效", "invalid port"), port));
      login.port = static_cast<uint16_t>(value);
    }
    const std::string env = scalar(path, entry, "password_env");
    if (!env.empty()) {
      const char* value = std::getenv(env.c_str());
      if (!value)
        bad_entry(path, entry["password_env"],
                  fmt::format("{} {} {}", tr("环境变量", "environment variable"), env,
                              tr("未设置", "is not set")));
      login.password = value;
    }
    // A password alone is valid: Redis and Memcached SASL-less setups have no user names.
    if (login.user.empty() && login.password.empty())
      bad_entry(path, entry,
                tr("条目需要 user 或 password", "an entry needs \"user\" or \"password\""));
    logins.push_back(std::move(login));
  }
  return logins;
}

}  // namespace

void CredentialStore::load_file(const std::string& path,
                                const std::function<void(const std::string&)>& warn) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0)
    throw UsageError(
        fmt::format("{} {}", tr("无法读取凭据文件", "cannot read credentials file"), path));
  if ((st.st_mode & 077) != 0 && warn)
    warn(
        fmt::format("{} {} {}", tr("凭据文件", "credentials file"), path,
                    tr("可被其他用户读取，建议 chmod 600", "is readable by others; chmod 600 it")));
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    bad_yaml(path, e);
  }
  if (root.IsNull()) return;
  if (!root.IsSequence())
    bad_entry(path, root,
              tr("应为条目列表（- service: ...）", "must be a list of entries (- service: ...)"));
  try {
    for (auto& login : read_entries(path, root)) logins_.push_back(std::move(login));
  } catch (const YAML::Exception& e) {
    // A node of a shape the checks did not foresee: still the file's fault, never a crash.
    bad_yaml(path, e);
  }
}

std::optional<SuppliedLogin> CredentialStore::find(const std::string& service,
                                                   const std::string& host, uint16_t port) const {
  const SuppliedLogin* best = nullptr;
  int best_score = -1;
  for (const auto& login : logins_) {
    if (!login.service.empty() && login.service != service) continue;
    if (!login.host.empty() && login.host != host) continue;
    if (login.port != 0 && login.port != port) continue;
    int score =
        (login.port ? 4 : 0) + (login.host.empty() ? 0 : 2) + (login.service.empty() ? 0 : 1);
    if (score > best_score) {
      best = &login;
      best_score = score;
    }
  }
  if (!best) return std::nullopt;
  return *best;
}

std::vector<std::string> load_password_list(const std::string& path) {
  const std::string file = path.empty() ? data_file("dict/passwords.txt") : path;
  std::ifstream in(file);
  if (!in)
    throw UsageError(
        fmt::format("{} {}", tr("无法读取口令字典", "cannot read password list"), file));
  std::vector<std::string> passwords;
  std::set<std::string> seen;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    if (line == "<empty>") line.clear();
    if (seen.insert(line).second) passwords.push_back(line);
  }
  return passwords;
}

std::vector<std::string> unit_password_guesses(const std::vector<std::string>& abbreviations,
                                               int current_year, int years) {
  std::vector<std::string> guesses;
  std::set<std::string> seen;
  auto add = [&](std::string g) {
    if (!g.empty() && seen.insert(g).second) guesses.push_back(std::move(g));
  };
  for (const auto& abbr : abbreviations) {
    if (abbr.empty()) continue;
    std::string lower = abbr, upper = abbr, capital = abbr;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return std::toupper(c); });
    capital = lower;
    capital[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(capital[0])));
    // Most recent years first: the password was usually set when the system was.
    for (int year = current_year; year > current_year - years; --year) {
      add(lower + std::to_string(year));
      add(capital + "@" + std::to_string(year));
    }
    for (const char* suffix : {"123", "@123", "123456", "888", "!@#"}) {
      add(lower + suffix);
      add(capital + suffix);
    }
    add(lower);
    add(upper);
    for (int year = current_year; year > current_year - years; --year) {
      add(upper + std::to_string(year));
      add(lower + "@" + std::to_string(year));
    }
  }
  return guesses;
}

std::vector<std::string> merge_guesses(const std::vector<std::string>& dictionary,
                                       const std::vector<std::string>& unit_guesses, size_t head) {
  std::vector<std::string> merged;
  std::set<std::string> seen;
  auto add = [&](const std::string& p) {
    if (seen.insert(p).second) merged.push_back(p);
  };
  for (size_t i = 0; i < dictionary.size() && i < head; ++i) add(dictionary[i]);
  for (const auto& g : unit_guesses) add(g);
  for (size_t i = head; i < dictionary.size(); ++i) add(dictionary[i]);
  return merged;
}

}  // namespace paicha
