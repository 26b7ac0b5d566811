#include "core/vulndb.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <ctime>
#include <fstream>
#include <set>
#include <sstream>

#include "core/data_paths.h"
#include "core/errors.h"
#include "core/i18n.h"
#include "core/rules.h"

namespace paicha {

namespace {

[[noreturn]] void fail(const std::string& origin, const std::string& entry,
                       const std::string& problem) {
  std::string where = origin;
  if (!entry.empty()) where += ": " + entry;
  throw RuntimeError(where + ": " + problem);
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool valid_date(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(d[i]))) return false;
  return true;
}

std::string required(const YAML::Node& node, const std::string& key, const std::string& origin,
                     const std::string& entry) {
  const auto value = node[key];
  if (!value || !value.IsScalar() || value.Scalar().empty())
    fail(origin, entry,
         std::string(tr("缺少或无效的键 ", "missing or invalid key ")) + "'" + key + "'");
  return value.Scalar();
}

std::string optional_scalar(const YAML::Node& node, const std::string& key) {
  const auto value = node[key];
  return value && value.IsScalar() ? value.Scalar() : std::string();
}

void check_keys(const YAML::Node& node, const std::set<std::string>& allowed,
                const std::string& origin, const std::string& entry) {
  for (const auto& kv : node) {
    const std::string key = kv.first.as<std::string>();
    if (!allowed.count(key))
      fail(origin, entry, std::string(tr("未知的键 ", "unknown key ")) + "'" + key + "'");
  }
}

void check_version(const std::string& text, const std::string& origin, const std::string& entry) {
  if (!text.empty() && !Version::parse(text))
    fail(origin, entry,
         std::string(tr("无法解析的版本号 ", "unparsable version ")) + "'" + text + "'");
}

Product read_product(const std::string& key, const YAML::Node& node, const std::string& origin) {
  const std::string entry = "products." + key;
  if (!node.IsMap()) fail(origin, entry, std::string(tr("必须是映射", "must be a mapping")));
  check_keys(node, {"names", "eol"}, origin, entry);
  Product product;
  product.key = key;
  product.names.push_back(key);
  if (const auto names = node["names"]) {
    if (!names.IsSequence())
      fail(origin, entry, "names: " + std::string(tr("必须是列表", "must be a list")));
    for (const auto& n : names) product.names.push_back(n.as<std::string>());
  }
  if (const auto eol = node["eol"]) {
    if (!eol.IsSequence())
      fail(origin, entry, "eol: " + std::string(tr("必须是列表", "must be a list")));
    for (const auto& e : eol) {
      if (!e.IsMap())
        fail(origin, entry + ".eol", std::string(tr("必须是映射", "must be a mapping")));
      check_keys(e, {"branch", "date", "source"}, origin, entry + ".eol");
      EolEntry item;
      item.branch = required(e, "branch", origin, entry + ".eol");
      item.date = required(e, "date", origin, entry + ".eol " + item.branch);
      item.source = required(e, "source", origin, entry + ".eol " + item.branch);
      if (!valid_date(item.date))
        fail(origin, entry + ".eol " + item.branch,
             std::string(tr("日期必须形如 YYYY-MM-DD：", "the date must be YYYY-MM-DD: ")) +
                 item.date);
      check_version(item.branch, origin, entry + ".eol");
      product.eol.push_back(std::move(item));
    }
  }
  return product;
}

CveEntry read_cve(const YAML::Node& node, const std::string& origin, size_t index,
                  const std::vector<Product>& products) {
  const std::string position = "cves #" + std::to_string(index + 1);
  if (!node.IsMap()) fail(origin, position, std::string(tr("必须是映射", "must be a mapping")));
  const std::string id = optional_scalar(node, "id");
  const std::string entry = id.empty() ? position : id;
  check_keys(
      node, {"id", "product", "severity", "cvss", "title", "source", "affected", "distros", "note"},
      origin, entry);
  CveEntry cve;
  cve.id = required(node, "id", origin, entry);
  cve.product = required(node, "product", origin, entry);
  if (std::none_of(products.begin(), products.end(),
                   [&](const Product& p) { return p.key == cve.product; }))
    fail(origin, entry,
         std::string(tr("products 中没有产品 ", "no product in products: ")) + "'" + cve.product +
             "'");
  const std::string severity = required(node, "severity", origin, entry);
  const auto parsed = parse_severity(severity);
  if (!parsed)
    fail(origin, entry,
         std::string(tr("未知的严重程度 ", "unknown severity ")) + "'" + severity + "'");
  cve.severity = *parsed;
  if (const auto cvss = node["cvss"]) {
    try {
      cve.cvss = cvss.as<double>();
    } catch (const YAML::Exception&) {
      fail(origin, entry, "cvss: " + std::string(tr("必须是数字", "must be a number")));
    }
    if (cve.cvss < 0 || cve.cvss > 10) fail(origin, entry, "cvss: 0-10");
  }
  const auto title = node["title"];
  if (!title || !title.IsMap())
    fail(origin, entry, std::string(tr("title 必须包含 zh 和 en", "title must have zh and en")));
  cve.title_zh = required(title, "zh", origin, entry + " title");
  cve.title_en = required(title, "en", origin, entry + " title");
  cve.source = required(node, "source", origin, entry);
  if (const auto note = node["note"]) {
    if (!note.IsMap())
      fail(origin, entry, std::string(tr("note 必须包含 zh 和 en", "note must have zh and en")));
    cve.note_zh = required(note, "zh", origin, entry + " note");
    cve.note_en = required(note, "en", origin, entry + " note");
  }
  const auto affected = node["affected"];
  if (!affected || !affected.IsSequence() || affected.size() == 0)
    fail(origin, entry,
         std::string(tr("affected 必须是非空列表", "affected must be a non-empty list")));
  for (const auto& r : affected) {
    if (!r.IsMap())
      fail(origin, entry + " affected", std::string(tr("必须是映射", "must be a mapping")));
    check_keys(r, {"introduced", "fixed"}, origin, entry + " affected");
    VersionRange range{optional_scalar(r, "introduced"), optional_scalar(r, "fixed")};
    check_version(range.introduced, origin, entry);
    check_version(range.fixed, origin, entry);
    if (range.introduced.empty() && range.fixed.empty())
      fail(origin, entry,
           std::string(tr("affected 的每一项至少要有 introduced 或 fixed",
                          "each affected range needs introduced or fixed")));
    cve.affected.push_back(std::move(range));
  }
  if (const auto distros = node["distros"])
    for (const auto& d : distros) cve.distros.push_back(lower(d.as<std::string>()));
  return cve;
}

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw RuntimeError(std::string(tr("无法读取数据文件 ", "cannot read the data file ")) + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

bool VersionRange::contains(const Version& v) const {
  if (!introduced.empty()) {
    const auto from = Version::parse(introduced);
    if (!from || v < *from) return false;
  }
  if (!fixed.empty()) {
    const auto to = Version::parse(fixed);
    if (!to || !(v < *to)) return false;
  }
  return true;
}

std::string VersionRange::describe() const {
  if (introduced.empty() || introduced == "0") return "v < " + fixed;
  if (fixed.empty()) return introduced + " <= v";
  return introduced + " <= v < " + fixed;
}

const std::string& CveEntry::title() const {
  return current_lang() == Lang::zh ? title_zh : title_en;
}

const std::string& CveEntry::note() const {
  return current_lang() == Lang::zh ? note_zh : note_en;
}

std::string distro_hint(std::string_view text) {
  const std::string t = lower(text);
  if (t.find("pgdg") != std::string::npos) return {};
  if (t.find("ubuntu") != std::string::npos) return "ubuntu";
  if (t.find("deb") != std::string::npos) return "debian";
  for (const char* marker : {".el6", ".el7", ".el8", ".el9", "el7_", "el8_", "el9_", "rhel"})
    if (t.find(marker) != std::string::npos) return "rhel";
  if (t.find("suse") != std::string::npos) return "suse";
  if (t.find("alpine") != std::string::npos) return "alpine";
  return {};
}

std::string today_utc() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[16];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d", &utc);
  return buffer;
}

const VulnDb& VulnDb::builtin() {
  static const VulnDb db = load(data_file("vulndb.yaml"));
  return db;
}

VulnDb VulnDb::load(const std::string& path) {
  return parse(read_text_file(path), path);
}

VulnDb VulnDb::parse(std::string_view yaml_text, const std::string& origin) {
  VulnDb db;
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml_text));
  } catch (const YAML::Exception& e) {
    fail(origin, "",
         std::string(tr("YAML 语法错误（第 ", "YAML syntax error (line ")) +
             std::to_string(e.mark.line + 1) + std::string(tr(" 行）：", "): ")) + e.msg);
  }
  if (!root.IsMap())
    fail(origin, "", std::string(tr("顶层必须是映射", "the top level must be a mapping")));
  try {
    check_keys(root, {"data_version", "note", "products", "cves"}, origin, "");
    db.data_version_ = required(root, "data_version", origin, "");
    if (!valid_date(db.data_version_))
      fail(origin, "data_version",
           std::string(tr("日期必须形如 YYYY-MM-DD", "the date must be YYYY-MM-DD")));
    const auto products = root["products"];
    if (!products || !products.IsMap())
      fail(origin, "", std::string(tr("缺少 products 映射", "missing the products mapping")));
    for (const auto& kv : products)
      db.products_.push_back(read_product(kv.first.as<std::string>(), kv.second, origin));
    const auto cves = root["cves"];
    if (!cves || !cves.IsSequence())
      fail(origin, "", std::string(tr("缺少 cves 列表", "missing the cves list")));
    std::set<std::string> seen;
    for (size_t i = 0; i < cves.size(); ++i) {
      CveEntry cve = read_cve(cves[i], origin, i, db.products_);
      // One CVE may affect two products (MySQL and MariaDB); the pair must be unique.
      if (!seen.insert(cve.id + "/" + cve.product).second)
        fail(origin, cve.id, std::string(tr("重复的条目", "duplicate entry")));
      db.cves_.push_back(std::move(cve));
    }
  } catch (const YAML::Exception& e) {
    fail(origin, "",
         std::string(tr("YAML 结构错误（第 ", "YAML structure error (line ")) +
             std::to_string(e.mark.line + 1) + std::string(tr(" 行）：", "): ")) + e.msg);
  }
  return db;
}

const Product* VulnDb::find_product(std::string_view name) const {
  const std::string wanted = lower(name);
  for (const auto& p : products_)
    for (const auto& n : p.names)
      if (lower(n) == wanted) return &p;
  return nullptr;
}

std::vector<VulnMatch> VulnDb::match(std::string_view product, std::string_view version,
                                     std::string_view context) const {
  std::vector<VulnMatch> out;
  const Product* p = find_product(product);
  const auto v = Version::parse(version);
  if (!p || !v) return out;
  std::string distro = distro_hint(version);
  if (distro.empty()) distro = distro_hint(context);
  for (const auto& cve : cves_) {
    if (cve.product != p->key) continue;
    // A distribution-package flaw (CVE-2022-0543) says nothing about other builds.
    if (!cve.distros.empty() &&
        std::find(cve.distros.begin(), cve.distros.end(), distro) == cve.distros.end())
      continue;
    for (const auto& range : cve.affected) {
      if (!range.contains(*v)) continue;
      VulnMatch m;
      m.cve = &cve;
      m.range = &range;
      m.distro = distro;
      m.confidence = distro.empty() ? MatchConfidence::high : MatchConfidence::low;
      out.push_back(m);
      break;
    }
  }
  return out;
}

std::optional<EolMatch> VulnDb::end_of_life(std::string_view product, std::string_view version,
                                            std::string_view today) const {
  const Product* p = find_product(product);
  const auto v = Version::parse(version);
  if (!p || !v) return std::nullopt;
  const EolEntry* best = nullptr;
  size_t best_depth = 0;
  for (const auto& e : p->eol) {
    const auto branch = Version::parse(e.branch);
    if (!branch || !v->in_branch(*branch)) continue;
    const size_t depth = branch->numbers().size();
    if (depth > best_depth) {
      best = &e;
      best_depth = depth;
    }
  }
  if (!best) return std::nullopt;
  const std::string now = today.empty() ? today_utc() : std::string(today);
  return EolMatch{best, best->date <= now};
}

std::vector<Finding> vulnerable_version_findings(const Asset& asset) {
  return vulnerable_version_findings(asset, VulnDb::builtin(), RuleCatalogue::builtin(), {});
}

std::vector<Finding> vulnerable_version_findings(const Asset& asset, const VulnDb& db,
                                                 const RuleCatalogue& rules,
                                                 std::string_view today) {
  std::vector<Finding> out;
  if (asset.version.empty()) return out;
  const std::string product = asset.product.empty() ? asset.service : asset.product;
  const std::string context = asset.banner + " " + asset.info;
  for (const auto& m : db.match(product, asset.version, context)) {
    const bool zh = current_lang() == Lang::zh;
    std::string evidence = zh ? fmt::format("{} {} 受 {} 影响（受影响范围 {}", product,
                                            asset.version, m.cve->id, m.range->describe())
                              : fmt::format("{} {} is affected by {} (affected: {}", product,
                                            asset.version, m.cve->id, m.range->describe());
    if (!m.range->fixed.empty())
      evidence += zh ? "，修复版本 " + m.range->fixed : ", fixed in " + m.range->fixed;
    evidence += zh ? "）" : ")";
    if (m.confidence == MatchConfidence::low)
      evidence += zh ? "；置信度低：检测到 " + m.distro +
                           " 发行版构建，发行版软件包可能已回移修复而不改变上游版本号，请以发行版安"
                           "全公告核实"
                     : "; low confidence: a " + m.distro +
                           " build, whose package may carry a backported fix without changing "
                           "the upstream version; check the distribution's advisory";
    if (!m.cve->note().empty()) evidence += (zh ? "；" : "; ") + m.cve->note();
    Finding f = make_finding(rules, "vuln.known_cve", asset, std::move(evidence), m.cve->id);
    f.severity = m.cve->severity;
    f.title = fmt::format("{}：{}", m.cve->id, m.cve->title());
    f.references.push_back(m.cve->source);
    out.push_back(std::move(f));
  }
  if (const auto eol = db.end_of_life(product, asset.version, today); eol && eol->passed) {
    const std::string evidence =
        current_lang() == Lang::zh
            ? fmt::format("{} {} 所属的 {} 系列已于 {} 停止支持（不再发布安全更新）", product,
                          asset.version, eol->entry->branch, eol->entry->date)
            : fmt::format("{} {}: the {} branch reached end of life on {} (no more security fixes)",
                          product, asset.version, eol->entry->branch, eol->entry->date);
    Finding f = make_finding(rules, "vuln.end_of_life", asset, std::move(evidence),
                             product + " " + eol->entry->branch);
    f.references.push_back(eol->entry->source);
    out.push_back(std::move(f));
  }
  return out;
}

}  // namespace paicha
