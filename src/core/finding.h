#pragma once
// One problem found on one service, as stored, reported and tracked until fixed.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/asset.h"
#include "core/severity.h"

namespace paicha {

class RuleCatalogue;

struct Finding {
  std::string rule;      // "redis.unauthorized_access"
  std::string category;  // DESIGN.md categories
  Severity severity = Severity::info;
  std::string host;
  uint16_t port = 0;
  std::string service;
  std::string evidence;      // masked, human readable: "12 个库，3.1 GB"
  std::string evidence_key;  // the stable identifying part, e.g. the account name or CVE id
  std::vector<std::string> references;
  std::string title;        // from the rule, in the language current when it was made
  std::string remediation;  // idem

  // Stable across runs: the first 16 hex digits of SHA-256 over
  // "rule|host|port|service|evidence_key". Evidence text is left out on purpose: it may carry
  // counts or sizes that change between runs while the problem stays the same.
  std::string fingerprint() const;
};

// Fills category, severity, title, remediation and references from the rule `rule_id` of the
// catalogue (the built-in one by default), and host/port/service from the asset. Throws
// RuntimeError naming the id when the catalogue has no such rule (a programming error).
Finding make_finding(std::string_view rule_id, const Asset& asset, std::string evidence,
                     std::string evidence_key = "");
Finding make_finding(const RuleCatalogue& catalogue, std::string_view rule_id, const Asset& asset,
                     std::string evidence, std::string evidence_key = "");

}  // namespace paicha
