#include "report/sarif.h"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "core/rules.h"
#include "core/severity.h"
#include "report/sarif_personal_data.h"

namespace paicha::report {

std::string_view sarif_level(Severity severity) {
  switch (severity) {
    case Severity::critical:
    case Severity::high:
      return "error";
    case Severity::medium:
      return "warning";
    case Severity::low:
    case Severity::info:
      return "note";
  }
  return "note";
}

std::string_view sarif_security_severity(Severity severity) {
  switch (severity) {
    case Severity::critical:
      return "9.5";
    case Severity::high:
      return "8.0";
    case Severity::medium:
      return "5.5";
    case Severity::low:
      return "3.0";
    case Severity::info:
      return "0.0";
  }
  return "0.0";
}

namespace {

// "redis.unauthorized_access" -> "RedisUnauthorizedAccess" (SARIF's rule name is an identifier).
std::string camel_case(std::string_view id) {
  std::string name;
  bool upper = true;
  for (char c : id) {
    if (c == '.' || c == '_' || c == '-') {
      upper = true;
      continue;
    }
    name += upper && c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
    upper = false;
  }
  return name;
}

std::string endpoint(const Finding& f) {
  const bool v6 = f.host.find(':') != std::string::npos;
  return fmt::format("{}{}{}:{}", v6 ? "[" : "", f.host, v6 ? "]" : "", f.port);
}

// The driver's entry for one rule; the text comes from the catalogue when the rule is known there,
// else from a finding that carries its own (vulnerability-data rules).
struct RuleText {
  std::string id;
  std::string title;
  std::string remediation;
  std::vector<std::string> references;
  Severity severity = Severity::info;
  std::string category;
};

RuleText rule_text(const Rule& rule) {
  return {rule.id, rule.title(), rule.remediation(), rule.references, rule.severity, rule.category};
}

RuleText rule_text(const Finding& first, const Rule* rule) {
  if (rule) return rule_text(*rule);
  return {first.rule,       first.title,    first.remediation,
          first.references, first.severity, first.category};
}

nlohmann::json rule_json(const RuleText& rule) {
  std::string help = rule.remediation;
  if (!rule.references.empty())
    help += "\n\n" + fmt::format("{}", fmt::join(rule.references, "\n"));
  return {{"id", rule.id},
          {"name", camel_case(rule.id)},
          {"shortDescription", {{"text", rule.title}}},
          {"fullDescription",
           {{"text", fmt::format("{} ({})", rule.title, category_label(rule.category))}}},
          {"help", {{"text", help}}},
          {"defaultConfiguration", {{"level", sarif_level(rule.severity)}}},
          {"properties",
           {{"security-severity", sarif_security_severity(rule.severity)},
            {"precision", "high"},
            {"tags", nlohmann::json::array({"security", rule.category})},
            {"references", rule.references}}}};
}

}  // namespace

std::string render_sarif(const RunDocument& doc) {
  return render_sarif(doc, RuleCatalogue::builtin());
}

std::string render_sarif(const RunDocument& doc, const RuleCatalogue& catalogue) {
  nlohmann::json rules = nlohmann::json::array();
  nlohmann::json results = nlohmann::json::array();
  std::map<std::string, size_t> rule_index;
  for (const auto& f : doc.findings) {
    auto [it, added] = rule_index.try_emplace(f.rule, rules.size());
    const Rule* rule = catalogue.find(f.rule);
    if (added) rules.push_back(rule_json(rule_text(f, rule)));
    const std::string title = rule ? rule->title() : f.title;
    const std::string where = endpoint(f);
    nlohmann::json location = {
        {"physicalLocation",
         {{"artifactLocation", {{"uri", fmt::format("hosts/{}/{}/{}", f.host, f.port, f.service)}}},
          {"region", {{"startLine", 1}}}}},
        {"logicalLocations", nlohmann::json::array({nlohmann::json{
                                 {"name", where},
                                 {"fullyQualifiedName", fmt::format("{}://{}", f.service, where)},
                                 {"kind", "resource"}}})}};
    results.push_back(
        {{"ruleId", f.rule},
         {"ruleIndex", it->second},
         {"level", sarif_level(f.severity)},
         {"message",
          {{"text", f.evidence.empty() ? title : fmt::format("{}: {}", title, f.evidence)}}},
         {"locations", nlohmann::json::array({location})},
         {"partialFingerprints", {{"paichaFindingId/v1", f.fingerprint()}}},
         {"properties",
          {{"severity", to_string(f.severity)},
           {"endpoint", "tcp://" + where},
           {"category", f.category},
           {"service", f.service},
           {"evidence", f.evidence}}}});
  }
  if (doc.personal_data && !doc.personal_data->places.empty()) {
    const Rule& rule = catalogue.at(kPersonalDataRule);
    auto [it, added] = rule_index.try_emplace(rule.id, rules.size());
    if (added) rules.push_back(rule_json(rule_text(rule)));
    for (const auto& place : doc.personal_data->places)
      results.push_back(sarif_personal_data_result(place, rule, it->second));
  }
  nlohmann::json invocation = {{"executionSuccessful", doc.status != "failed"}};
  if (!doc.started_at.empty()) invocation["startTimeUtc"] = doc.started_at;
  if (!doc.finished_at.empty()) invocation["endTimeUtc"] = doc.finished_at;
  nlohmann::json run = {
      {"tool",
       {{"driver",
         {{"name", "paicha"},
          {"version", PAICHA_VERSION},
          {"semanticVersion", PAICHA_VERSION},
          {"rules", rules}}}}},
      {"automationDetails", {{"id", fmt::format("paicha/{}/{}", doc.kind, doc.run_id)}}},
      {"invocations", nlohmann::json::array({invocation})},
      {"columnKind", "unicodeCodePoints"},
      {"results", results}};
  nlohmann::json sarif = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
                          {"version", "2.1.0"},
                          {"runs", nlohmann::json::array({run})}};
  return sarif.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace paicha::report
