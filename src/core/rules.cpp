#include "core/rules.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "core/data_paths.h"
#include "core/errors.h"
#include "core/i18n.h"

namespace paicha {

namespace fs = std::filesystem;

namespace {

const std::set<std::string> kRuleKeys = {"id",    "category",    "severity",  "service",
                                         "title", "remediation", "references"};

// Messages name the culprit as "<file>: rule <id>: <problem>" so that a broken catalogue is
// fixed in one look.
[[noreturn]] void fail(const std::string& origin, const std::string& rule_id,
                       const std::string& problem) {
  std::string where = origin;
  if (!rule_id.empty()) where += std::string(tr(": 规则 ", ": rule ")) + rule_id;
  throw RuntimeError(where + ": " + problem);
}

bool valid_id_part(std::string_view part) {
  if (part.empty()) return false;
  return std::all_of(part.begin(), part.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool valid_rule_id(std::string_view id) {
  const size_t dot = id.find('.');
  if (dot == std::string_view::npos) return false;
  return valid_id_part(id.substr(0, dot)) && valid_id_part(id.substr(dot + 1));
}

std::string scalar(const YAML::Node& node, const std::string& origin, const std::string& rule_id,
                   const std::string& key) {
  if (!node || !node.IsScalar() || node.Scalar().empty())
    fail(origin, rule_id,
         std::string(tr("缺少或无效的键 ", "missing or invalid key ")) + "'" + key + "'");
  return node.Scalar();
}

// Both languages are required: a rule shown half in English to a Chinese user is a bug.
void read_bilingual(const YAML::Node& node, const std::string& origin, const std::string& rule_id,
                    const std::string& key, std::string& zh, std::string& en) {
  if (!node || !node.IsMap())
    fail(origin, rule_id,
         std::string(tr("键 ", "key ")) + "'" + key + "'" +
             std::string(tr(" 必须包含 zh 和 en", " must have zh and en")));
  for (const auto& entry : node) {
    const std::string lang = entry.first.as<std::string>();
    if (lang != "zh" && lang != "en")
      fail(origin, rule_id,
           std::string(tr("未知的键 ", "unknown key ")) + "'" + key + "." + lang + "'");
  }
  zh = scalar(node["zh"], origin, rule_id, key + ".zh");
  en = scalar(node["en"], origin, rule_id, key + ".en");
}

std::string trim_trailing_newlines(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

Rule read_rule(const YAML::Node& node, const std::string& origin, size_t index) {
  const std::string position = "#" + std::to_string(index + 1);
  if (!node.IsMap())
    fail(origin, position, std::string(tr("规则必须是映射", "a rule must be a mapping")));
  const std::string id = node["id"] && node["id"].IsScalar() ? node["id"].Scalar() : "";
  const std::string label = id.empty() ? position : id;
  for (const auto& entry : node) {
    const std::string key = entry.first.as<std::string>();
    if (!kRuleKeys.count(key))
      fail(origin, label, std::string(tr("未知的键 ", "unknown key ")) + "'" + key + "'");
  }
  Rule rule;
  rule.source_file = origin;
  rule.id = scalar(node["id"], origin, label, "id");
  if (!valid_rule_id(rule.id))
    fail(origin, label,
         std::string(tr("规则编号必须形如 service.name（小写字母、数字、下划线）",
                        "the id must look like service.name (lower-case letters, digits, _)")));
  rule.category = scalar(node["category"], origin, label, "category");
  if (!is_known_category(rule.category)) {
    std::string known;
    for (const auto& c : rule_categories()) known += (known.empty() ? "" : "|") + c;
    fail(origin, label,
         std::string(tr("未知的类别 ", "unknown category ")) + "'" + rule.category + "' (" + known +
             ")");
  }
  const std::string severity = scalar(node["severity"], origin, label, "severity");
  const auto parsed = parse_severity(severity);
  if (!parsed)
    fail(origin, label,
         std::string(tr("未知的严重程度 ", "unknown severity ")) + "'" + severity +
             "' (critical|high|medium|low|info)");
  rule.severity = *parsed;
  rule.service = node["service"] ? scalar(node["service"], origin, label, "service")
                                 : rule.id.substr(0, rule.id.find('.'));
  read_bilingual(node["title"], origin, label, "title", rule.title_zh, rule.title_en);
  read_bilingual(node["remediation"], origin, label, "remediation", rule.remediation_zh,
                 rule.remediation_en);
  rule.remediation_zh = trim_trailing_newlines(rule.remediation_zh);
  rule.remediation_en = trim_trailing_newlines(rule.remediation_en);
  if (const auto refs = node["references"]) {
    if (!refs.IsSequence())
      fail(origin, label, std::string(tr("references 必须是列表", "references must be a list")));
    for (const auto& ref : refs)
      rule.references.push_back(scalar(ref, origin, label, "references"));
  }
  return rule;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw RuntimeError(std::string(tr("无法读取规则文件 ", "cannot read the rule file ")) +
                       path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

const std::string& Rule::title() const {
  return current_lang() == Lang::zh ? title_zh : title_en;
}

const std::string& Rule::remediation() const {
  return current_lang() == Lang::zh ? remediation_zh : remediation_en;
}

const std::vector<std::string>& rule_categories() {
  static const std::vector<std::string> categories = {
      "weak_password", "unauthorized_access", "plaintext_transmission",
      "missing_audit", "weak_access_control", "vulnerable_version",
      "pii_exposure"};
  return categories;
}

bool is_known_category(std::string_view category) {
  const auto& all = rule_categories();
  return std::find(all.begin(), all.end(), category) != all.end();
}

std::string_view category_label(std::string_view category) {
  struct Label {
    std::string_view id, zh, en;
  };
  static constexpr Label kLabels[] = {
      {"weak_password", "弱口令", "weak password"},
      {"unauthorized_access", "未授权访问", "unauthorized access"},
      {"plaintext_transmission", "数据明文传输", "plaintext transmission"},
      {"missing_audit", "缺少安全审计", "missing security audit"},
      {"weak_access_control", "访问控制策略不严", "lax access control"},
      {"vulnerable_version", "存在漏洞的版本", "vulnerable version"},
      {"pii_exposure", "个人信息暴露", "personal information exposure"},
  };
  for (const auto& l : kLabels)
    if (l.id == category) return tr(l.zh, l.en);
  return category;
}

const RuleCatalogue& RuleCatalogue::builtin() {
  static const RuleCatalogue catalogue = load(rules_dir());
  return catalogue;
}

RuleCatalogue RuleCatalogue::parse(std::string_view yaml_text, const std::string& origin) {
  RuleCatalogue catalogue;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    fail(origin, "",
         std::string(tr("YAML 语法错误（第 ", "YAML syntax error (line ")) +
             std::to_string(e.mark.line + 1) + std::string(tr(" 行）：", "): ")) + e.msg);
  }
  if (!root.IsMap() || !root["rules"] || !root["rules"].IsSequence())
    fail(origin, "",
         std::string(tr("顶层必须有 rules: 列表", "the top level must have a rules: list")));
  for (const auto& entry : root) {
    const std::string key = entry.first.as<std::string>();
    if (key != "rules")
      fail(origin, "",
           std::string(tr("未知的顶层键 ", "unknown top-level key ")) + "'" + key + "'");
  }
  try {
    const auto rules = root["rules"];
    for (size_t i = 0; i < rules.size(); ++i) catalogue.add(read_rule(rules[i], origin, i));
  } catch (const YAML::Exception& e) {
    fail(origin, "",
         std::string(tr("YAML 结构错误（第 ", "YAML structure error (line ")) +
             std::to_string(e.mark.line + 1) + std::string(tr(" 行）：", "): ")) + e.msg);
  }
  return catalogue;
}

RuleCatalogue RuleCatalogue::load(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    throw RuntimeError(std::string(tr("规则目录不存在：", "the rule directory does not exist: ")) +
                       dir);
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.is_regular_file() && entry.path().extension() == ".yaml")
      files.push_back(entry.path());
  std::sort(files.begin(), files.end());
  if (files.empty())
    throw RuntimeError(std::string(tr("规则目录中没有 .yaml 文件：", "no .yaml files in ")) + dir);
  RuleCatalogue catalogue;
  for (const auto& file : files) {
    RuleCatalogue part = parse(read_file(file), file.string());
    for (auto& rule : part.rules_) catalogue.add(std::move(rule));
  }
  return catalogue;
}

void RuleCatalogue::add(Rule rule) {
  if (const Rule* existing = find(rule.id))
    fail(rule.source_file, rule.id,
         std::string(tr("规则编号重复，已在 ", "duplicate rule id, already defined in ")) +
             existing->source_file);
  rules_.push_back(std::move(rule));
}

const Rule* RuleCatalogue::find(std::string_view id) const {
  for (const auto& rule : rules_)
    if (rule.id == id) return &rule;
  return nullptr;
}

const Rule& RuleCatalogue::at(std::string_view id) const {
  if (const Rule* rule = find(id)) return *rule;
  throw RuntimeError(std::string(tr("规则目录中没有规则 ", "no rule in the catalogue with id ")) +
                     std::string(id));
}

}  // namespace paicha
