#include "pii/scan_output.h"

#include <fmt/format.h>

#include "core/i18n.h"
#include "report/text_table.h"

namespace paicha::pii {

namespace {

nlohmann::ordered_json counts_json(const TypeCounts& counts) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  for (auto t : all_types())
    if (counts[t]) j[std::string(to_string(t))] = counts[t];
  return j;
}

std::string csv_cell(std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string human_bytes(uint64_t bytes) {
  if (bytes >= (uint64_t{1} << 30)) return fmt::format("{:.1f}G", bytes / double(1 << 30));
  if (bytes >= (uint64_t{1} << 20)) return fmt::format("{:.1f}M", bytes / double(1 << 20));
  if (bytes >= 1024) return fmt::format("{:.1f}K", bytes / 1024.0);
  return std::to_string(bytes);
}

}  // namespace

nlohmann::ordered_json to_json(const ScanReport& report, bool with_locations) {
  nlohmann::ordered_json files = nlohmann::ordered_json::array();
  for (const auto& f : report.files) {
    nlohmann::ordered_json j;
    j["path"] = f.path;
    j["kind"] = f.kind;
    j["encoding"] = f.encoding;
    j["bytes"] = f.bytes;
    j["counts"] = counts_json(f.counts);
    nlohmann::ordered_json samples = nlohmann::ordered_json::object();
    for (auto t : all_types())
      if (!f.samples[static_cast<size_t>(t)].empty())
        samples[std::string(to_string(t))] = f.samples[static_cast<size_t>(t)];
    j["samples"] = samples;
    if (!f.columns.empty()) {
      nlohmann::ordered_json cols = nlohmann::ordered_json::array();
      for (const auto& c : f.columns) {
        auto type = c.type();
        cols.push_back({{"name", c.name},
                        {"pii_type", type ? nlohmann::ordered_json(to_string(*type))
                                          : nlohmann::ordered_json()},
                        {"confidence", c.confidence()},
                        {"counts", counts_json(c.counts)}});
      }
      j["columns"] = cols;
    }
    if (with_locations) {
      nlohmann::ordered_json locs = nlohmann::ordered_json::array();
      for (const auto& l : f.locations) {
        nlohmann::ordered_json lj{{"type", to_string(l.type)}, {"sample", l.sample}};
        if (l.line) lj["line"] = l.line;
        if (!l.cell.empty()) lj["cell"] = l.cell;
        if (l.page) lj["page"] = l.page;
        locs.push_back(std::move(lj));
      }
      j["locations"] = locs;
      j["locations_truncated"] = f.locations_truncated;
    }
    j["skipped"] = f.skipped ? nlohmann::ordered_json(*f.skipped) : nlohmann::ordered_json();
    if (!f.warnings.empty()) j["warnings"] = f.warnings;
    files.push_back(std::move(j));
  }
  return {{"tool", "paicha"},      {"version", PAICHA_VERSION},
          {"files", files},        {"totals", counts_json(report.totals)},
          {"bytes", report.bytes}, {"seconds", report.seconds}};
}

std::string to_csv(const ScanReport& report, bool with_locations) {
  std::string out;
  if (with_locations) {
    out = "path,type,line,cell,page,sample\n";
    for (const auto& f : report.files)
      for (const auto& l : f.locations)
        out += fmt::format("{},{},{},{},{},{}\n", csv_cell(f.path), to_string(l.type), l.line,
                           csv_cell(l.cell), l.page, csv_cell(l.sample));
    return out;
  }
  out = "path,encoding,bytes,skipped";
  for (auto t : all_types()) out += fmt::format(",{}", to_string(t));
  out += '\n';
  for (const auto& f : report.files) {
    out += fmt::format("{},{},{},{}", csv_cell(f.path), csv_cell(f.encoding), f.bytes,
                       csv_cell(f.skipped.value_or("")));
    for (auto t : all_types()) out += fmt::format(",{}", f.counts[t]);
    out += '\n';
  }
  out += fmt::format("{},,{},", csv_cell(std::string("(totals)")), report.bytes);
  for (auto t : all_types()) out += fmt::format(",{}", report.totals[t]);
  out += '\n';
  return out;
}

std::string to_table(const ScanReport& report, bool with_locations) {
  // Only the types that occur get a column, so the table fits a terminal.
  std::vector<PiiType> shown;
  for (auto t : all_types())
    if (report.totals[t]) shown.push_back(t);
  std::vector<std::string> headers = {std::string(tr("文件", "file")),
                                      std::string(tr("编码", "encoding")),
                                      std::string(tr("大小", "size"))};
  for (auto t : shown) headers.emplace_back(display_name(t));
  headers.emplace_back(tr("示例（已脱敏）", "samples (masked)"));
  report::TextTable table(headers);
  for (const auto& f : report.files) {
    std::vector<std::string> row = {f.path, f.encoding, human_bytes(f.bytes)};
    for (auto t : shown) row.push_back(f.counts[t] ? std::to_string(f.counts[t]) : "");
    std::string samples;
    if (f.skipped) {
      samples = std::string(tr("已跳过：", "skipped: ")) + *f.skipped;
    } else {
      for (auto t : shown) {
        const auto& s = f.samples[static_cast<size_t>(t)];
        if (s.empty()) continue;
        if (!samples.empty()) samples += "  ";
        samples += s.front();
      }
    }
    row.push_back(samples);
    table.add_row(std::move(row));
  }
  std::vector<std::string> totals = {std::string(tr("合计", "total")), "",
                                     human_bytes(report.bytes)};
  for (auto t : shown) totals.push_back(std::to_string(report.totals[t]));
  totals.emplace_back();
  table.add_row(std::move(totals));
  std::string out = table.render(60);
  if (with_locations) {
    report::TextTable locs({std::string(tr("文件", "file")), std::string(tr("类型", "type")),
                            std::string(tr("位置", "location")),
                            std::string(tr("示例（已脱敏）", "sample (masked)"))});
    for (const auto& f : report.files)
      for (const auto& l : f.locations) {
        std::string where;
        if (l.line) where = fmt::format("{} {}", tr("行", "line"), l.line);
        if (!l.cell.empty()) where += (where.empty() ? "" : " ") + l.cell;
        if (l.page)
          where += fmt::format("{}{} {}", where.empty() ? "" : " ", tr("页", "page"), l.page);
        locs.add_row({f.path, std::string(display_name(l.type)), where, l.sample});
      }
    out += "\n" + locs.render(60);
  }
  if (report.totals.total() == 0)
    out += std::string(tr("未发现个人信息。\n", "No personal data found.\n"));
  return out;
}

}  // namespace paicha::pii
