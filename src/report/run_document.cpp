#include "report/run_document.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>

#include "core/i18n.h"
#include "core/rules.h"
#include "core/severity.h"
#include "report/personal_data_export.h"
#include "report/sarif.h"
#include "report/text_table.h"

namespace paicha::report {

nlohmann::json finding_json(const Finding& f) {
  return {{"id", f.fingerprint()},
          {"rule", f.rule},
          {"category", f.category},
          {"severity", std::string(to_string(f.severity))},
          {"host", f.host},
          {"port", f.port},
          {"service", f.service},
          {"title", f.title},
          {"evidence", f.evidence},
          {"remediation", f.remediation},
          {"references", f.references}};
}

namespace {

nlohmann::json asset_json(const Asset& a) {
  nlohmann::json j = {{"host", a.host},       {"port", a.port},       {"service", a.service},
                      {"product", a.product}, {"version", a.version}, {"tls", nullptr}};
  if (a.tls) j["tls"] = *a.tls;
  if (!a.hostname.empty()) j["hostname"] = a.hostname;
  if (!a.banner.empty()) j["banner"] = a.banner;
  if (!a.info.empty()) j["info"] = a.info;
  return j;
}

nlohmann::json header_json(const RunDocument& doc) {
  return {{"tool", "paicha"},
          {"version", PAICHA_VERSION},
          {"run_id", doc.run_id},
          {"kind", doc.kind},
          {"status", doc.status},
          {"started_at", doc.started_at},
          {"finished_at", doc.finished_at}};
}

std::string tls_text(const std::optional<bool>& tls) {
  if (!tls) return "-";
  return std::string(*tls ? tr("是", "yes") : tr("否", "no"));
}

// Invalid UTF-8 in a banner must not make the JSON writer throw.
constexpr auto kReplace = nlohmann::json::error_handler_t::replace;

}  // namespace

std::string render_json(const RunDocument& doc) {
  nlohmann::json j = header_json(doc);
  j["assets"] = nlohmann::json::array();
  for (const auto& a : doc.assets) j["assets"].push_back(asset_json(a));
  j["findings"] = nlohmann::json::array();
  for (const auto& f : doc.findings) j["findings"].push_back(finding_json(f));
  if (!doc.notes.empty()) {
    j["notes"] = nlohmann::json::array();
    for (const auto& [where, message] : doc.notes)
      j["notes"].push_back({{"endpoint", where}, {"message", message}});
  }
  if (doc.personal_data) j["personal_data"] = personal_data_json(*doc.personal_data);
  return j.dump(2, ' ', false, kReplace) + "\n";
}

std::string render_ndjson(const RunDocument& doc) {
  std::string out;
  nlohmann::json run = header_json(doc);
  run["type"] = "run";
  out += run.dump(-1, ' ', false, kReplace) + "\n";
  for (const auto& a : doc.assets) {
    nlohmann::json j = asset_json(a);
    j["type"] = "asset";
    j["run_id"] = doc.run_id;
    out += j.dump(-1, ' ', false, kReplace) + "\n";
  }
  for (const auto& f : doc.findings) {
    nlohmann::json j = finding_json(f);
    j["type"] = "finding";
    j["run_id"] = doc.run_id;
    out += j.dump(-1, ' ', false, kReplace) + "\n";
  }
  return out;
}

std::string csv_field(std::string_view value) {
  std::string text;
  if (!value.empty() && std::string_view("=+-@").find(value.front()) != std::string_view::npos)
    text.push_back('\'');
  text.append(value);
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string render_findings_csv(const RunDocument& doc) {
  std::string out =
      "run_id,id,rule,category,severity,host,port,service,title,evidence,remediation,references\n";
  for (const auto& f : doc.findings) {
    std::string refs;
    for (const auto& r : f.references) refs += (refs.empty() ? "" : "; ") + r;
    out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{}\n", doc.run_id, f.fingerprint(),
                       csv_field(f.rule), f.category, to_string(f.severity), csv_field(f.host),
                       f.port, csv_field(f.service), csv_field(f.title), csv_field(f.evidence),
                       csv_field(f.remediation), csv_field(refs));
  }
  return out;
}

std::string render_csv(const RunDocument& doc) {
  if (doc.kind == "audit") return render_findings_csv(doc);
  std::string out = "run_id,host,hostname,port,service,product,version,tls,banner,info\n";
  for (const auto& a : doc.assets) {
    out += fmt::format("{},{},{},{},{},{},{},{},{},{}\n", doc.run_id, csv_field(a.host),
                       csv_field(a.hostname), a.port, csv_field(a.service), csv_field(a.product),
                       csv_field(a.version), a.tls ? (*a.tls ? "true" : "false") : "",
                       csv_field(a.banner), csv_field(a.info));
  }
  return out;
}

std::string render_table(const RunDocument& doc) {
  TextTable table({std::string(tr("主机", "HOST")), std::string(tr("端口", "PORT")),
                   std::string(tr("服务", "SERVICE")), std::string(tr("产品", "PRODUCT")),
                   std::string(tr("版本", "VERSION")), "TLS", std::string(tr("说明", "DETAILS"))});
  for (const auto& a : doc.assets) {
    std::string host = a.hostname.empty() ? a.host : fmt::format("{} ({})", a.host, a.hostname);
    std::string details = a.info;
    if (!a.banner.empty()) details = details.empty() ? a.banner : details + " | " + a.banner;
    table.add_row(
        {host, std::to_string(a.port), a.service, a.product, a.version, tls_text(a.tls), details});
  }
  if (table.size() == 0)
    return std::string(tr("未发现开放的服务端口。\n", "No open service ports found.\n"));
  std::string out = table.render();
  if (doc.kind != "audit") return out;

  out += "\n";
  if (doc.findings.empty()) {
    out += tr("未发现问题。\n", "No problems found.\n");
  } else {
    std::vector<const Finding*> sorted;
    for (const auto& f : doc.findings) sorted.push_back(&f);
    std::stable_sort(sorted.begin(), sorted.end(),
                     [](const Finding* a, const Finding* b) { return a->severity > b->severity; });
    TextTable findings({std::string(tr("级别", "SEVERITY")), std::string(tr("类别", "CATEGORY")),
                        std::string(tr("资产", "ASSET")), std::string(tr("问题", "PROBLEM")),
                        std::string(tr("证据", "EVIDENCE")), std::string(tr("规则", "RULE"))});
    for (const Finding* f : sorted)
      findings.add_row(
          {std::string(severity_label(f->severity)), std::string(category_label(f->category)),
           fmt::format("{}:{} {}", f->host, f->port, f->service), f->title, f->evidence, f->rule});
    out += findings.render(60);
    out += fmt::format("{} {} {}\n", tr("共", "Total:"), doc.findings.size(),
                       tr("个问题；用 --format json 查看整改建议",
                          "problems; --format json shows the remediation"));
  }
  for (const auto& [where, message] : doc.notes)
    out += fmt::format("{} {}: {}\n", tr("未能检查", "not checked"), where, message);
  return out;
}

std::string render(const RunDocument& doc, const std::string& format) {
  if (format == "json") return render_json(doc);
  if (format == "ndjson") return render_ndjson(doc);
  if (format == "csv") return render_csv(doc);
  if (format == "sarif") return render_sarif(doc);
  return render_table(doc);
}

}  // namespace paicha::report
