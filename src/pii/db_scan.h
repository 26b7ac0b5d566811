#pragma once
// `pii db` on one source: list its tables, sample each, classify every column, and (with
// exact) stream the personal-data columns to count their values exactly. Also judges how
// password columns store passwords. The result holds masked samples only.
#include <optional>
#include <string>
#include <vector>

#include "core/dsn.h"
#include "pii/column_classifier.h"
#include "pii/password_storage.h"
#include "pii/types.h"
#include "sources/db/sampler.h"

namespace paicha::pii {

struct DbColumnResult {
  std::string name;
  std::string sql_type;
  std::optional<PiiType> hint;
  ColumnVerdict verdict;
  std::vector<std::string> samples;  // masked
  PasswordStorage password_storage = PasswordStorage::unknown;
};

struct DbTableResult {
  sources::db::TableInfo info;
  uint64_t sampled_rows = 0;
  bool exact = false;  // counts from every row, not estimated from the sample
  std::vector<DbColumnResult> columns;
  TypeCounts counts;  // personal-data values in the table, per type
  bool log_like = false;
  std::string category;     // "personal" or "business"
  std::string sensitivity;  // "sensitive", "ordinary", or ""
  std::optional<std::string> error;
};

struct DbSourceResult {
  std::string dsn;  // masked
  std::string engine, host;
  uint16_t port = 0;
  std::string version;
  bool without_password = false;  // connected with no password at all
  std::vector<DbTableResult> tables;
  std::optional<std::string> error;  // the source could not be read
  double seconds = 0;
};

struct DbScanOptions {
  sources::db::SamplerOptions sampler;
  bool exact = false;
  std::vector<std::string> include, exclude;  // globs over "db.schema.table" or the name
  size_t samples = 0;                         // masked samples kept per column
};

// Never throws for a failing source: the error is in the result, naming the masked DSN.
DbSourceResult scan_database(const Dsn& dsn, const sources::db::Login& login,
                             const DbScanOptions& options);

// Table names that say the table holds logs: log, 日志, audit, trace, history.
bool is_log_like(std::string_view table_name);

// Whether `table` passes the include/exclude globs.
bool table_selected(const sources::db::TableInfo& table, const std::vector<std::string>& include,
                    const std::vector<std::string>& exclude);

}  // namespace paicha::pii
