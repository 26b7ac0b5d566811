#include "pii/db_scan.h"

#include <fnmatch.h>

#include <chrono>

#include "store/data_asset.h"

namespace paicha::pii {

namespace {

bool glob_matches(const std::vector<std::string>& globs, const sources::db::TableInfo& t) {
  const std::string qualified = t.qualified();
  for (const auto& g : globs)
    if (fnmatch(g.c_str(), qualified.c_str(), 0) == 0 || fnmatch(g.c_str(), t.name.c_str(), 0) == 0)
      return true;
  return false;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  return out;
}

void classify_table(sources::db::Sampler& sampler, DbTableResult& result,
                    const DbScanOptions& options, MatchSession& session) {
  const auto& info = result.info;
  std::vector<ColumnClassifier> classifiers;
  std::vector<PasswordStorageTally> passwords(info.columns.size());
  std::vector<bool> password_column(info.columns.size());
  for (size_t i = 0; i < info.columns.size(); ++i) {
    classifiers.emplace_back(info.columns[i].name, options.samples);
    password_column[i] = is_password_column(info.columns[i].name);
  }
  result.sampled_rows =
      sampler.sample(info, [&](const std::vector<std::optional<std::string_view>>& values) {
        for (size_t i = 0; i < values.size() && i < classifiers.size(); ++i) {
          if (!values[i]) continue;
          classifiers[i].add(*values[i], session);
          if (password_column[i]) passwords[i].add(*values[i]);
        }
      });
  for (size_t i = 0; i < classifiers.size(); ++i) {
    DbColumnResult column;
    column.name = info.columns[i].name;
    column.sql_type = info.columns[i].type;
    column.hint = classifiers[i].hint();
    column.verdict = classifiers[i].verdict();
    if (column.verdict.type && options.samples)
      column.samples = classifiers[i].samples(*column.verdict.type);
    if (password_column[i]) column.password_storage = passwords[i].verdict();
    result.columns.push_back(std::move(column));
  }

  std::vector<size_t> pii_columns;
  for (size_t i = 0; i < result.columns.size(); ++i)
    if (result.columns[i].verdict.type) pii_columns.push_back(i);

  if (options.exact && sampler.can_scan_all() && !pii_columns.empty()) {
    // Every row of the personal-data columns, each value validated as its column's type.
    std::vector<ColumnClassifier> exact;
    for (size_t i : pii_columns) exact.emplace_back(info.columns[i].name, 0);
    uint64_t rows = sampler.scan_all(
        info, pii_columns, [&](const std::vector<std::optional<std::string_view>>& values) {
          for (size_t k = 0; k < values.size(); ++k)
            if (values[k])
              exact[k].add_as(*result.columns[pii_columns[k]].verdict.type, *values[k], session);
        });
    for (size_t k = 0; k < pii_columns.size(); ++k) {
      PiiType type = *result.columns[pii_columns[k]].verdict.type;
      const auto& v = exact[k].values_per_type();
      result.counts[type] += v[static_cast<size_t>(type)];
    }
    result.info.rows = rows;
    result.info.rows_estimated = false;
    result.exact = true;
  } else {
    // Estimated: each column's share of validated values in the sample, times the rows.
    const double scale = result.sampled_rows ? static_cast<double>(info.rows) /
                                                   static_cast<double>(result.sampled_rows)
                                             : 0;
    for (size_t i : pii_columns) {
      const auto& v = result.columns[i].verdict;
      result.counts[*v.type] += static_cast<uint64_t>(static_cast<double>(v.count) * scale + 0.5);
    }
    // Exact also when --exact found no personal-data column to stream: the counts are zero.
    result.exact = (!info.rows_estimated && result.sampled_rows >= info.rows) ||
                   (options.exact && sampler.can_scan_all() && pii_columns.empty());
  }

  std::map<std::string, uint64_t> named;
  for (PiiType t : all_types())
    if (result.counts[t]) named[std::string(to_string(t))] = result.counts[t];
  result.sensitivity = store::sensitivity_of(named);
  result.category = result.sensitivity.empty() ? "business" : "personal";
}

}  // namespace

bool is_log_like(std::string_view table_name) {
  const std::string name = lower(table_name);
  for (std::string_view word : {"log", "日志", "audit", "trace", "history", "journal"})
    if (name.find(word) != std::string::npos) return true;
  return false;
}

bool table_selected(const sources::db::TableInfo& table, const std::vector<std::string>& include,
                    const std::vector<std::string>& exclude) {
  if (!include.empty() && !glob_matches(include, table)) return false;
  return !glob_matches(exclude, table);
}

DbSourceResult scan_database(const Dsn& dsn, const sources::db::Login& login,
                             const DbScanOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  DbSourceResult source;
  source.dsn = dsn.masked();
  source.engine = dsn.engine;
  source.host = dsn.engine == "sqlite" ? "" : dsn.host;
  source.port = dsn.port;
  source.without_password = login.password.empty() && dsn.engine != "sqlite";
  try {
    auto sampler = sources::db::open_sampler(dsn, login, options.sampler);
    source.version = sampler->server_version();
    MatchSession session;
    for (auto& info : sampler->tables()) {
      if (!table_selected(info, options.include, options.exclude)) continue;
      DbTableResult table;
      table.info = std::move(info);
      table.log_like = is_log_like(table.info.name);
      try {
        classify_table(*sampler, table, options, session);
      } catch (const std::exception& e) {
        table.error = e.what();
      }
      source.tables.push_back(std::move(table));
    }
  } catch (const std::exception& e) {
    source.error = e.what();
  }
  source.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return source;
}

}  // namespace paicha::pii
