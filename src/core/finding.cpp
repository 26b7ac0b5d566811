#include "core/finding.h"

#include <openssl/evp.h>

#include "core/errors.h"
#include "core/rules.h"

namespace paicha {

namespace {

std::string sha256_hex(std::string_view data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest, &length, EVP_sha256(), nullptr) != 1)
    throw RuntimeError("SHA-256 failed (OpenSSL EVP_Digest)");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(length * 2);
  for (unsigned int i = 0; i < length; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0x0f]);
  }
  return hex;
}

}  // namespace

std::string Finding::fingerprint() const {
  const std::string key =
      rule + "|" + host + "|" + std::to_string(port) + "|" + service + "|" + evidence_key;
  return sha256_hex(key).substr(0, 16);
}

Finding make_finding(const RuleCatalogue& catalogue, std::string_view rule_id, const Asset& asset,
                     std::string evidence, std::string evidence_key) {
  const Rule& rule = catalogue.at(rule_id);
  Finding finding;
  finding.rule = rule.id;
  finding.category = rule.category;
  finding.severity = rule.severity;
  finding.host = asset.host;
  finding.port = asset.port;
  finding.service = asset.service;
  finding.evidence = std::move(evidence);
  finding.evidence_key = std::move(evidence_key);
  finding.references = rule.references;
  finding.title = rule.title();
  finding.remediation = rule.remediation();
  return finding;
}

Finding make_finding(std::string_view rule_id, const Asset& asset, std::string evidence,
                     std::string evidence_key) {
  return make_finding(RuleCatalogue::builtin(), rule_id, asset, std::move(evidence),
                      std::move(evidence_key));
}

}  // namespace paicha
