// Loading and validating paicha.yaml. Every problem is collected with its key path, so a user
// fixes the whole file in one pass instead of one error per run.
#include "core/profile.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "core/dsn.h"
#include "core/errors.h"
#include "core/i18n.h"

namespace paicha {

namespace {

struct StorageName {
  StorageLocation location;
  const char* zh;
  const char* en;
  const char* key;
};
constexpr StorageName kStorageNames[] = {
    {StorageLocation::internet, "互联网", "internet", "internet"},
    {StorageLocation::private_network, "业务专网", "private network", "private"},
    {StorageLocation::internet_and_private, "互联网和业务专网", "internet and private network",
     "internet_and_private"},
    {StorageLocation::hosted, "托管单位", "hosting provider", "hosted"},
    {StorageLocation::other, "其他", "other", "other"},
};

std::string storage_choices() {
  std::string list;
  for (const auto& s : kStorageNames) list += (list.empty() ? "" : ", ") + std::string(s.zh);
  return list;
}

// Collects problems as "source:line: key.path: what".
class Checker {
 public:
  explicit Checker(std::string source) : source_(std::move(source)) {}

  void error(const YAML::Node& node, const std::string& path, const std::string& what) {
    const int line = node.IsDefined() ? node.Mark().line + 1 : 0;
    errors_.push_back(line > 0 ? fmt::format("{}:{}: {}: {}", source_, line, path, what)
                               : fmt::format("{}: {}: {}", source_, path, what));
  }

  // Reports keys that are not in `known` (typos must not silently drop a value).
  bool mapping(const YAML::Node& node, const std::string& path,
               const std::set<std::string>& known) {
    if (!node.IsDefined() || node.IsNull()) return false;
    if (!node.IsMap()) {
      error(node, path, std::string(tr("应为映射（键: 值）", "must be a mapping (key: value)")));
      return false;
    }
    for (const auto& kv : node) {
      const std::string key = kv.first.Scalar();
      if (!known.count(key)) {
        std::string list;
        for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
        error(kv.first, join(path, key),
              fmt::format("{}（{}：{}）", tr("未知的键", "unknown key"),
                          tr("可用的键", "known keys"), list));
      }
    }
    return true;
  }

  std::string text(const YAML::Node& parent, const std::string& path, const char* key) {
    const YAML::Node value = parent[key];
    if (!value.IsDefined() || value.IsNull()) return "";
    if (!value.IsScalar()) {
      error(value, join(path, key), std::string(tr("应为字符串", "must be a string")));
      return "";
    }
    return value.Scalar();
  }

  std::vector<std::string> texts(const YAML::Node& parent, const std::string& path,
                                 const char* key) {
    std::vector<std::string> out;
    const YAML::Node value = parent[key];
    if (!value.IsDefined() || value.IsNull()) return out;
    if (value.IsScalar()) return {value.Scalar()};  // a single value is a one-element list
    if (!value.IsSequence()) {
      error(value, join(path, key), std::string(tr("应为字符串列表", "must be a list of strings")));
      return out;
    }
    for (size_t i = 0; i < value.size(); ++i) {
      if (!value[i].IsScalar())
        error(value[i], fmt::format("{}[{}]", join(path, key), i),
              std::string(tr("应为字符串", "must be a string")));
      else
        out.push_back(value[i].Scalar());
    }
    return out;
  }

  StorageLocation storage(const YAML::Node& parent, const std::string& path,
                          StorageLocation fallback) {
    const std::string value = text(parent, path, "storage");
    if (value.empty()) return fallback;
    StorageLocation location;
    if (parse_storage_location(value, location)) return location;
    error(
        parent["storage"], join(path, "storage"),
        fmt::format("'{}' {}{}", value, tr("不是以下之一：", "is not one of "), storage_choices()));
    return fallback;
  }

  Contact contact(const YAML::Node& node, const std::string& path, bool with_unit,
                  std::string* unit) {
    Contact c;
    std::set<std::string> known = {"name", "title", "office_phone", "mobile"};
    if (with_unit) known.insert("unit");
    if (!mapping(node, path, known)) return c;
    if (with_unit) *unit = text(node, path, "unit");
    c.name = text(node, path, "name");
    c.title = text(node, path, "title");
    c.office_phone = text(node, path, "office_phone");
    c.mobile = text(node, path, "mobile");
    if (!c.office_phone.empty() && !is_office_phone(c.office_phone))
      error(node["office_phone"], join(path, "office_phone"),
            fmt::format("'{}' {}", c.office_phone,
                        tr("不是固定电话（区号-号码[-分机]，例 010-85979246）",
                           "is not an office phone (area code-number[-extension], e.g. "
                           "010-85979246)")));
    if (!c.mobile.empty() && !is_mobile_phone(c.mobile))
      error(node["mobile"], join(path, "mobile"),
            fmt::format("'{}' {}", c.mobile,
                        tr("不是手机号码（11 位，1[3-9] 开头）",
                           "is not a mobile number (11 digits starting 1[3-9])")));
    return c;
  }

  Department department(const YAML::Node& root, const char* key) {
    Department d;
    const YAML::Node node = root[key];
    if (!mapping(node, key, {"name", "contact"})) return d;
    d.name = text(node, key, "name");
    d.contact = contact(node["contact"], join(key, "contact"), false, nullptr);
    return d;
  }

  static std::string join(const std::string& path, const std::string& key) {
    return path.empty() ? key : path + "." + key;
  }

  const std::vector<std::string>& errors() const { return errors_; }

 private:
  std::string source_;
  std::vector<std::string> errors_;
};

void read_systems(Checker& check, const YAML::Node& root, UnitProfile& profile) {
  const YAML::Node systems = root["systems"];
  if (!systems.IsDefined() || systems.IsNull()) return;
  if (!systems.IsSequence()) {
    check.error(systems, "systems", std::string(tr("应为列表", "must be a list")));
    return;
  }
  std::set<std::string> units = {"", kOwnUnit};
  for (const auto& sub : profile.subordinates) units.insert(sub.name);
  for (size_t i = 0; i < systems.size(); ++i) {
    const YAML::Node node = systems[i];
    const std::string path = fmt::format("systems[{}]", i);
    if (!check.mapping(
            node, path,
            {"name", "unit", "storage", "databases", "paths", "data_kinds", "maintainer"})) {
      if (!node.IsMap()) continue;
    }
    InformationSystem system;
    system.name = check.text(node, path, "name");
    if (system.name.empty())
      check.error(node, path + ".name", std::string(tr("缺少信息系统名称", "missing system name")));
    system.owner_unit = check.text(node, path, "unit");
    if (!units.count(system.owner_unit))
      check.error(node["unit"], path + ".unit",
                  fmt::format("'{}' {}", system.owner_unit,
                              tr("既不是“本级”也不是 subordinates 中的单位",
                                 "is neither 本级 nor a unit listed under subordinates")));
    if (system.owner_unit.empty()) system.owner_unit = kOwnUnit;
    system.storage = check.storage(node, path, StorageLocation::private_network);
    system.databases = check.texts(node, path, "databases");
    for (size_t d = 0; d < system.databases.size(); ++d) {
      DatabaseEndpoint endpoint;
      if (!parse_database_endpoint(system.databases[d], endpoint))
        check.error(node["databases"], fmt::format("{}.databases[{}]", path, d),
                    fmt::format("'{}' {}", system.databases[d],
                                tr("不是 主机[:端口] 或不含口令的 DSN",
                                   "is not host[:port] or a DSN without a password")));
    }
    system.paths = check.texts(node, path, "paths");
    system.data_kinds = check.texts(node, path, "data_kinds");
    system.maintainer =
        check.contact(node["maintainer"], path + ".maintainer", true, &system.maintainer_unit);
    profile.systems.push_back(std::move(system));
  }
}

void read_subordinates(Checker& check, const YAML::Node& root, UnitProfile& profile) {
  const YAML::Node subs = root["subordinates"];
  if (!subs.IsDefined() || subs.IsNull()) return;
  if (!subs.IsSequence()) {
    check.error(subs, "subordinates", std::string(tr("应为列表", "must be a list")));
    return;
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < subs.size(); ++i) {
    const std::string path = fmt::format("subordinates[{}]", i);
    SubordinateUnit unit;
    if (subs[i].IsScalar()) {
      unit.name = subs[i].Scalar();  // a bare name is enough
    } else if (check.mapping(subs[i], path, {"name", "address"})) {
      unit.name = check.text(subs[i], path, "name");
      unit.address = check.text(subs[i], path, "address");
    }
    if (unit.name.empty())
      check.error(subs[i], path + ".name", std::string(tr("缺少单位名称", "missing unit name")));
    else if (!seen.insert(unit.name).second)
      check.error(subs[i], path + ".name",
                  fmt::format("'{}' {}", unit.name, tr("重复", "is listed twice")));
    profile.subordinates.push_back(std::move(unit));
  }
}

}  // namespace

const char* storage_location_label_zh(StorageLocation location) {
  for (const auto& s : kStorageNames)
    if (s.location == location) return s.zh;
  return "其他";
}

const char* storage_location_label_en(StorageLocation location) {
  for (const auto& s : kStorageNames)
    if (s.location == location) return s.en;
  return "other";
}

bool parse_storage_location(const std::string& text, StorageLocation& out) {
  for (const auto& s : kStorageNames) {
    if (text == s.zh || text == s.key) {
      out = s.location;
      return true;
    }
  }
  return false;
}

bool is_office_phone(const std::string& text) {
  static const std::regex pattern(R"(^(\(0\d{2,3}\)|0\d{2,3}-?)\d{7,8}(-\d{1,6})?$)");
  return std::regex_match(text, pattern);
}

bool is_mobile_phone(const std::string& text) {
  static const std::regex pattern(R"(^1[3-9]\d{9}$)");
  return std::regex_match(text, pattern);
}

bool parse_database_endpoint(const std::string& entry, DatabaseEndpoint& out) {
  if (entry.find("://") != std::string::npos) {
    try {
      const Dsn dsn = parse_dsn(entry);
      if (dsn.has_password || (dsn.host.empty() && dsn.engine != "sqlite")) return false;
      out.host = dsn.host;
      out.port = dsn.port;
      return true;
    } catch (const UsageError&) {
      return false;
    }
  }
  const std::string& rest = entry;
  std::string host = rest, port;
  if (rest.starts_with("[")) {  // [IPv6]:port
    const auto close = rest.find(']');
    if (close == std::string::npos) return false;
    host = rest.substr(1, close - 1);
    if (close + 1 < rest.size()) {
      if (rest[close + 1] != ':') return false;
      port = rest.substr(close + 2);
    }
  } else if (std::count(rest.begin(), rest.end(), ':') == 1) {
    host = rest.substr(0, rest.find(':'));
    port = rest.substr(rest.find(':') + 1);
  }
  if (host.empty() || host.find_first_of(" \t@/") != std::string::npos) return false;
  out.host = host;
  out.port = 0;
  if (!port.empty()) {
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) return false;
    const long value = std::strtol(port.c_str(), nullptr, 10);
    if (value < 1 || value > 65535) return false;
    out.port = static_cast<uint16_t>(value);
  }
  return true;
}

UnitProfile parse_profile(const std::string& yaml_text, const std::string& source) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    throw UsageError(fmt::format("{}:{}: {}", source, e.mark.line + 1, e.msg));
  }
  Checker check(source);
  UnitProfile profile;
  if (!root.IsMap()) {
    check.error(root, "(root)",
                std::string(tr("应为映射（unit: …、systems: …）",
                               "must be a mapping (unit: …, systems: …)")));
    throw UsageError(check.errors().front());
  }
  check.mapping(
      root, "",
      {"unit", "security_department", "protection_department", "subordinates", "systems", "scope"});
  const YAML::Node unit = root["unit"];
  if (check.mapping(unit, "unit", {"name", "abbr", "address", "storage", "data_description"})) {
    profile.unit_name = check.text(unit, "unit", "name");
    profile.unit_abbr = check.text(unit, "unit", "abbr");
    profile.unit_address = check.text(unit, "unit", "address");
    profile.storage = check.storage(unit, "unit", StorageLocation::private_network);
    profile.data_description = check.text(unit, "unit", "data_description");
  }
  if (profile.unit_name.empty())
    check.error(unit, "unit.name",
                std::string(tr("必填（单位名称）", "required (the unit's name)")));
  if (!profile.unit_abbr.empty() &&
      profile.unit_abbr.find_first_not_of(
          "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != std::string::npos)
    check.error(unit["abbr"], "unit.abbr",
                fmt::format("'{}' {}", profile.unit_abbr,
                            tr("只能含字母和数字（例 bjchyedu）",
                               "must be letters and digits (e.g. bjchyedu)")));
  profile.security_department = check.department(root, "security_department");
  profile.protection_department = check.department(root, "protection_department");
  read_subordinates(check, root, profile);
  read_systems(check, root, profile);
  const YAML::Node scope = root["scope"];
  if (check.mapping(scope, "scope", {"targets", "databases"})) {
    profile.scope_targets = check.texts(scope, "scope", "targets");
    profile.scope_databases = check.texts(scope, "scope", "databases");
    for (size_t i = 0; i < profile.scope_databases.size(); ++i) {
      DatabaseEndpoint endpoint;
      if (!parse_database_endpoint(profile.scope_databases[i], endpoint))
        check.error(
            scope["databases"], fmt::format("scope.databases[{}]", i),
            std::string(tr("不是 主机[:端口] 或不含口令的 DSN（口令请放在凭据文件或环境变量中）",
                           "is not host[:port] or a DSN without a password (passwords "
                           "go in a credentials file or the environment)")));
    }
  }
  if (!check.errors().empty()) {
    std::string all;
    for (const auto& e : check.errors()) all += (all.empty() ? "" : "\n") + e;
    throw UsageError(all);
  }
  return profile;
}

UnitProfile load_profile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw UsageError(fmt::format("{} {}{}", tr("无法读取单位信息文件", "cannot read unit profile"),
                                 path,
                                 tr("（可用 paicha init 生成）", " (paicha init writes one)")));
  std::ostringstream text;
  text << in.rdbuf();
  return parse_profile(text.str(), path);
}

std::string default_profile_path() {
  std::error_code ec;
  if (std::filesystem::exists("paicha.yaml", ec)) return "paicha.yaml";
  if (const char* env = std::getenv("PAICHA_PROFILE"); env && *env) return env;
  return "paicha.yaml";
}

}  // namespace paicha
