#include "pii/db_exposure.h"

#include <fmt/format.h>

#include "core/i18n.h"

namespace paicha::pii {

std::vector<ExposureHit> pii_exposures(const DbSourceResult& source,
                                       const std::string& unauthenticated_reason) {
  std::vector<ExposureHit> hits;
  uint64_t personal_tables = 0;
  TypeCounts personal;
  for (const auto& table : source.tables) {
    const std::string where = table.info.qualified();
    if (table.category == "personal") {
      ++personal_tables;
      personal += table.counts;
    }
    for (const auto& column : table.columns) {
      const std::string key = where + "." + column.name;
      if (column.password_storage == PasswordStorage::plaintext)
        hits.push_back(
            {"pii.plaintext_passwords",
             fmt::format("{} {}", key, tr("列存有明文口令", "holds plaintext passwords")), key});
      else if (column.password_storage == PasswordStorage::unsalted_hash)
        hits.push_back({"pii.unsalted_hashes",
                        fmt::format("{} {}", key,
                                    tr("列存有无盐快速哈希（MD5/SHA-1/SHA-256）",
                                       "holds unsalted fast hashes (MD5/SHA-1/SHA-256)")),
                        key});
      const auto& type = column.verdict.type;
      if (table.log_like && type &&
          (*type == PiiType::cn_id || *type == PiiType::bank_card || *type == PiiType::mobile))
        hits.push_back(
            {"pii.full_numbers_in_logs",
             fmt::format(
                 "{} {} {}/{} {}", key, tr("列：抽样中", "column: in the sample,"),
                 column.verdict.matched, column.verdict.sampled,
                 fmt::format(fmt::runtime(std::string(tr("个值为完整的{}", "values are full {}"))),
                             display_name(*type))),
             key});
    }
  }
  if (!unauthenticated_reason.empty() && personal_tables > 0) {
    std::string types;
    for (PiiType t : all_types())
      if (personal[t])
        types += fmt::format("{}{} {}", types.empty() ? "" : ", ", display_name(t), personal[t]);
    hits.push_back({"pii.in_unauthenticated_db",
                    fmt::format("{}: {} {} ({}); {}", source.dsn, personal_tables,
                                tr("个表含个人信息", "tables with personal data"), types,
                                unauthenticated_reason),
                    source.engine});
  }
  return hits;
}

}  // namespace paicha::pii
