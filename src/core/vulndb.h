#pragma once
// The vulnerable-version database (data/vulndb.yaml): product version ranges mapped to CVE ids
// with severity and source, and end-of-life dates per release branch.
//
// A banner version is weak evidence: Linux distributions backport fixes without changing the
// upstream version (Debian's OpenSSH 1:9.2p1-2+deb12u3 fixes CVE-2024-6387 yet says 9.2p1).
// When the version or banner shows a distribution build, every match says so and is marked
// low confidence.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/asset.h"
#include "core/finding.h"
#include "core/severity.h"
#include "core/version.h"

namespace paicha {

// A half-open range [introduced, fixed). Empty `introduced` means "from the start"; empty
// `fixed` means no fixed release on this branch.
struct VersionRange {
  std::string introduced;
  std::string fixed;
  bool contains(const Version& v) const;
  std::string describe() const;  // "8.5p1 <= v < 9.8p1", "v < 6.2.20"
};

struct CveEntry {
  std::string id;       // "CVE-2024-6387"
  std::string product;  // key of the product table: "openssh"
  Severity severity = Severity::high;
  double cvss = 0;  // CVSS v3 base score; 0 when not recorded
  std::string title_zh, title_en;
  std::string source;  // https://nvd.nist.gov/vuln/detail/CVE-...
  std::vector<VersionRange> affected;
  std::vector<std::string> distros;  // non-empty: a flaw of these distributions' packages only
  std::string note_zh, note_en;      // a caveat worth showing with the match; may be empty
  const std::string& title() const;  // current language
  const std::string& note() const;   // current language
};

struct EolEntry {
  std::string branch;  // "11", "5.7", "10.6"
  std::string date;    // "2023-11-09"
  std::string source;
};

struct Product {
  std::string key;                 // "postgresql"
  std::vector<std::string> names;  // names identification reports: "PostgreSQL"
  std::vector<EolEntry> eol;
};

enum class MatchConfidence { high, low };

struct VulnMatch {
  const CveEntry* cve = nullptr;
  const VersionRange* range = nullptr;
  MatchConfidence confidence = MatchConfidence::high;
  std::string distro;  // "debian", "ubuntu", "rhel"...: the build hint that lowered confidence
};

struct EolMatch {
  const EolEntry* entry = nullptr;
  bool passed = false;  // the date is on or before `today`
};

// "debian", "ubuntu", "rhel", "suse", "alpine" or "" from a version string or banner such as
// "9.2p1 Debian-2+deb12u3", "10.11.6-MariaDB-0+deb12u1", "8.0.36-0ubuntu0.22.04.1", "el8".
// PostgreSQL's own apt builds ("pgdg") track upstream releases and give no hint.
std::string distro_hint(std::string_view text);

class RuleCatalogue;

class VulnDb {
 public:
  // data_file("vulndb.yaml"), loaded once. Throws RuntimeError naming the file and entry.
  static const VulnDb& builtin();
  static VulnDb load(const std::string& path);
  static VulnDb parse(std::string_view yaml_text, const std::string& origin);

  const std::string& data_version() const { return data_version_; }  // "2026-07-01"
  const std::vector<CveEntry>& cves() const { return cves_; }
  const std::vector<Product>& products() const { return products_; }

  // The product entry for a name as identification reports it ("Redis", "openssh"); nullptr
  // when the product is not covered.
  const Product* find_product(std::string_view name) const;

  // CVEs whose ranges contain `version`. `context` is extra text to look for a distribution
  // hint in (the banner); the version itself is searched as well.
  std::vector<VulnMatch> match(std::string_view product, std::string_view version,
                               std::string_view context = {}) const;

  // The end-of-life entry of the branch `version` belongs to (the longest matching branch).
  // `today` is "YYYY-MM-DD"; empty means the current UTC date.
  std::optional<EolMatch> end_of_life(std::string_view product, std::string_view version,
                                      std::string_view today = {}) const;

 private:
  std::string data_version_;
  std::vector<Product> products_;
  std::vector<CveEntry> cves_;
};

// Today's UTC date as "YYYY-MM-DD".
std::string today_utc();

// The vuln.known_cve findings (one per CVE, severity from the CVE entry, evidence_key the CVE
// id) and the vuln.end_of_life finding for an identified asset. Empty when the product or
// version is unknown.
// The built-in data and catalogue are used by the first form.
std::vector<Finding> vulnerable_version_findings(const Asset& asset);
std::vector<Finding> vulnerable_version_findings(const Asset& asset, const VulnDb& db,
                                                 const RuleCatalogue& rules,
                                                 std::string_view today);

}  // namespace paicha
