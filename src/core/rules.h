#pragma once
// The rule catalogue: every check's id, category, severity, bilingual title and remediation,
// and its legal/standard references. It is data (rules/*.yaml) so that wording and references
// can be corrected without touching the checks.
#include <string>
#include <string_view>
#include <vector>

#include "core/severity.h"

namespace paicha {

struct Rule {
  std::string id;        // "redis.unauthorized_access"
  std::string category;  // one of rule_categories()
  std::string service;   // "redis"; defaults to the part of the id before the dot
  Severity severity = Severity::info;
  std::string title_zh, title_en;
  std::string remediation_zh, remediation_en;
  std::vector<std::string>
      references;  // "网络安全法(2016) 第二十一条", "GB/T 22239-2019 8.1.4.3 安全审计"
  std::string source_file;  // the YAML file it came from, for messages

  // Text in the current language (core/i18n.h).
  const std::string& title() const;
  const std::string& remediation() const;
};

// The finding categories of DESIGN.md.
const std::vector<std::string>& rule_categories();
bool is_known_category(std::string_view category);
// The category in the current language, as the notice names it: 弱口令, 未授权访问, ...
// Unknown categories come back unchanged.
std::string_view category_label(std::string_view category);

class RuleCatalogue {
 public:
  // The shipped catalogue (rules_dir() from core/data_paths.h), loaded once. Throws RuntimeError
  // naming the file and rule when the data is bad.
  static const RuleCatalogue& builtin();

  // Every *.yaml file of `dir`, in name order. Validates each rule: known keys only, id of the
  // form service.name and unique across files, known category and severity, zh and en text
  // present. Throws RuntimeError naming the file, the rule id and the key.
  static RuleCatalogue load(const std::string& dir);

  // One YAML document (for tests and fuzzing); `origin` names it in messages.
  static RuleCatalogue parse(std::string_view yaml_text, const std::string& origin);

  const Rule* find(std::string_view id) const;
  // Like find(), but throws RuntimeError naming the id when there is no such rule.
  const Rule& at(std::string_view id) const;
  const std::vector<Rule>& rules() const { return rules_; }

 private:
  void add(Rule rule);
  std::vector<Rule> rules_;
};

}  // namespace paicha
