#include "pii/db_output.h"

#include <fmt/format.h>

#include "core/human_size.h"
#include "core/i18n.h"
#include "report/run_document.h"
#include "report/text_table.h"

namespace paicha::pii {

namespace {

std::string_view storage_name(PasswordStorage s) {
  switch (s) {
    case PasswordStorage::plaintext:
      return "plaintext";
    case PasswordStorage::unsalted_hash:
      return "unsalted_hash";
    case PasswordStorage::salted_hash:
      return "salted_hash";
    default:
      return "";
  }
}

nlohmann::json counts_json(const TypeCounts& counts) {
  nlohmann::json out = nlohmann::json::object();
  for (PiiType t : all_types())
    if (counts[t]) out[std::string(to_string(t))] = counts[t];
  return out;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : " ") + item;
  return out;
}

std::string category_label(const std::string& category) {
  return std::string(category == "personal" ? tr("公民个人信息", "personal information")
                                            : tr("业务数据", "business data"));
}

std::string sensitivity_label(const std::string& sensitivity) {
  if (sensitivity == "sensitive") return std::string(tr("敏感个人信息", "sensitive"));
  if (sensitivity == "ordinary") return std::string(tr("一般", "ordinary"));
  return "";
}

}  // namespace

nlohmann::json db_to_json(const std::vector<DbSourceResult>& sources,
                          const std::vector<Finding>& findings, int64_t run_id, bool exact) {
  nlohmann::json doc = {
      {"tool", "paicha"}, {"version", PAICHA_VERSION}, {"run_id", run_id}, {"exact", exact}};
  doc["sources"] = nlohmann::json::array();
  for (const auto& s : sources) {
    nlohmann::json js = {{"dsn", s.dsn},   {"engine", s.engine},   {"host", s.host},
                         {"port", s.port}, {"version", s.version}, {"seconds", s.seconds}};
    if (s.error) js["error"] = *s.error;
    js["tables"] = nlohmann::json::array();
    for (const auto& t : s.tables) {
      nlohmann::json jt = {{"database", t.info.database},
                           {"schema", t.info.schema.empty() ? nlohmann::json(nullptr)
                                                            : nlohmann::json(t.info.schema)},
                           {"name", t.info.name},
                           {"rows", t.info.rows},
                           {"rows_estimated", t.info.rows_estimated},
                           {"bytes", t.info.bytes},
                           {"sampled_rows", t.sampled_rows},
                           {"counts", counts_json(t.counts)},
                           {"estimated", !t.exact},
                           {"category", t.category},
                           {"sensitivity", t.sensitivity.empty() ? nlohmann::json(nullptr)
                                                                 : nlohmann::json(t.sensitivity)},
                           {"log_like", t.log_like}};
      if (t.error) jt["error"] = *t.error;
      jt["columns"] = nlohmann::json::array();
      for (const auto& c : t.columns) {
        nlohmann::json jc = {
            {"name", c.name},
            {"type", c.sql_type},
            {"pii_type", c.verdict.type ? nlohmann::json(std::string(to_string(*c.verdict.type)))
                                        : nlohmann::json(nullptr)},
            {"confidence", c.verdict.confidence},
            {"matched", c.verdict.matched},
            {"sampled", c.verdict.sampled},
            {"hint",
             c.hint ? nlohmann::json(std::string(to_string(*c.hint))) : nlohmann::json(nullptr)}};
        if (!c.samples.empty()) jc["samples"] = c.samples;
        if (auto name = storage_name(c.password_storage); !name.empty())
          jc["password_storage"] = std::string(name);
        jt["columns"].push_back(std::move(jc));
      }
      js["tables"].push_back(std::move(jt));
    }
    doc["sources"].push_back(std::move(js));
  }
  doc["findings"] = nlohmann::json::array();
  for (const auto& f : findings) doc["findings"].push_back(report::finding_json(f));
  return doc;
}

std::string db_to_csv(const std::vector<DbSourceResult>& sources) {
  using report::csv_field;
  std::string out =
      "dsn,engine,host,port,database,schema,table,rows,bytes,category,sensitivity,column,"
      "pii_type,confidence,matched,sampled\n";
  for (const auto& s : sources)
    for (const auto& t : s.tables)
      for (const auto& c : t.columns)
        out += fmt::format(
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{:.2f},{},{}\n", csv_field(s.dsn), s.engine,
            csv_field(s.host), s.port, csv_field(t.info.database), csv_field(t.info.schema),
            csv_field(t.info.name), t.info.rows, t.info.bytes, t.category, t.sensitivity,
            csv_field(c.name), c.verdict.type ? to_string(*c.verdict.type) : "",
            c.verdict.confidence, c.verdict.matched, c.verdict.sampled);
  return out;
}

std::string db_to_table(const std::vector<DbSourceResult>& sources,
                        const std::vector<Finding>& findings) {
  std::string out;
  for (const auto& s : sources) {
    out += fmt::format("{} {}{}\n", s.dsn, s.version.empty() ? "" : "(" + s.version + ")",
                       s.error ? std::string(tr(" 失败：", " failed: ")) + *s.error : "");
    report::TextTable table(
        {std::string(tr("表", "table")), std::string(tr("行数", "rows")),
         std::string(tr("大小", "size")), std::string(tr("数据类型", "data")),
         std::string(tr("敏感度", "sensitivity")), std::string(tr("列", "column")),
         std::string(tr("个人信息类型", "PII type")),
         std::string(tr("命中/抽样", "matched/sampled")), std::string(tr("置信度", "confidence")),
         std::string(tr("脱敏示例", "masked samples"))});
    size_t business = 0;
    for (const auto& t : s.tables) {
      if (t.error) {
        table.add_row({t.info.qualified(), "", "", std::string(tr("失败", "failed")), "", *t.error,
                       "", "", "", ""});
        continue;
      }
      if (t.category != "personal") {
        ++business;
        continue;
      }
      bool first = true;
      for (const auto& c : t.columns) {
        if (!c.verdict.type) continue;
        table.add_row(
            {first ? t.info.qualified() : "",
             first ? fmt::format("{}{}", t.info.rows_estimated ? "~" : "", t.info.rows) : "",
             first ? human_size(static_cast<int64_t>(t.info.bytes)) : "",
             first ? category_label(t.category) : "", first ? sensitivity_label(t.sensitivity) : "",
             c.name, std::string(display_name(*c.verdict.type)),
             fmt::format("{}/{}", c.verdict.matched, c.verdict.sampled),
             fmt::format("{:.2f}", c.verdict.confidence), join(c.samples)});
        first = false;
      }
    }
    if (table.size()) out += table.render();
    out += fmt::format("{} {}{}{} {} {}\n", s.tables.size(), tr("个表", "tables"), tr("，", ", "),
                       business, tr("个仅含", "hold only"), category_label("business"));
  }
  if (!findings.empty()) {
    out += fmt::format("\n{} ({})\n", tr("个人信息暴露风险", "personal-data exposure"),
                       findings.size());
    for (const auto& f : findings)
      out += fmt::format("  [{}] {}: {}\n", to_string(f.severity), f.title, f.evidence);
  }
  return out;
}

}  // namespace paicha::pii
