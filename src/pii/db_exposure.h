#pragma once
// pii_exposure findings from a `pii db` result (rules pii.* in rules/pii.yaml): passwords in
// plaintext or as unsalted fast hashes, full ID/card/mobile numbers in log-like tables, and
// personal data in a database reachable without authentication.
#include <string>
#include <vector>

#include "pii/db_scan.h"

namespace paicha::pii {

struct ExposureHit {
  std::string rule;          // rule id, e.g. "pii.plaintext_passwords"
  std::string evidence;      // masked, human readable
  std::string evidence_key;  // stable: "db.schema.table.column"
};

// `unauthenticated_reason`: non-empty when the source is reachable without authentication
// (the audit found it so, or paicha connected without a password); it names why.
std::vector<ExposureHit> pii_exposures(const DbSourceResult& source,
                                       const std::string& unauthenticated_reason);

}  // namespace paicha::pii
