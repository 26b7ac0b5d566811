#pragma once
// A place that holds data, as measured: a file from `pii scan`, or a table from `pii db`.
// The inventory forms (数据资产清单, Form 2) are filled from these.
#include <cstdint>
#include <map>
#include <string>

namespace paicha::store {

struct DataAsset {
  std::string kind;  // "file" or "table"
  std::string
      location;  // file path (archive members "a.zip!b.csv"), or engine://host:port/db.schema.table
  std::string host;  // empty for local files
  uint16_t port = 0;
  std::string engine;    // "postgresql", "mysql", ... ; empty for files
  std::string encoding;  // files only
  uint64_t bytes = 0;
  uint64_t rows = 0;                       // tables only
  std::map<std::string, uint64_t> counts;  // personal-data type -> validated values
  std::string category;  // "personal" (公民个人信息) or "business" (业务数据)
  std::string sensitivity;  // "sensitive" (敏感个人信息), "ordinary" (一般), "" for business data
  std::string skipped;  // why it could not be read, if so
};

// PIPL art. 28: identity documents and financial accounts are sensitive personal information.
inline std::string sensitivity_of(const std::map<std::string, uint64_t>& counts) {
  bool personal = false;
  for (const auto& [type, n] : counts) {
    if (n == 0) continue;
    if (type == "cn_id" || type == "bank_card" || type == "passport") return "sensitive";
    personal = true;
  }
  return personal ? "ordinary" : "";
}

}  // namespace paicha::store
