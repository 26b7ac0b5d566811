#include "report/sarif.h"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "core/rules.h"
#include "core/severity.h"

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

nlohmann::json rule_json(const Finding& first, const Rule* rule) {
  const std::string title = rule ? rule->title() : first.title;
  const std::string remediation = rule ? rule->remediation() : first.remediation;
  const std::vector<std::string>& refs = rule ? rule->references : first.references;
  const Severity severity = rule ? rule->severity : first.severity;
  const std::string category = rule ? rule->category : first.category;
  std::string help = remediation;
  if (!refs.empty()) help += "\n\n" + fmt::format("{}", fmt::join(refs, "\n"));
  return {{"id", first.rule},
          {"name", camel_case(first.rule)},
          {"shortDescription", {{"text", title}}},
          {"fullDescription", {{"text", fmt::format("{} ({})", title, category_label(category))}}},
          {"help", {{"text", help}}},
          {"defaultConfiguration", {{"level", sarif_level(severity)}}},
          {"properties",
           {{"security-severity", sarif_security_severity(severity)},
            {"precision", "high"},
            {"tags", nlohmann::json::array({"security", category})},
            {"references", refs}}}};
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
    if (added) rules.push_back(rule_json(f, rule));
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
