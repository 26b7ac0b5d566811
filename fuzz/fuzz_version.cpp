// Version strings come straight from network banners: parse, order and match arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "core/version.h"
#include "core/vulndb.h"

namespace {

const paicha::VulnDb& fixture_db() {
  static const paicha::VulnDb db = paicha::VulnDb::parse(R"(data_version: "2026-01-01"
products:
  demo:
    names: [Demo]
    eol: [{branch: "1.2", date: "2020-01-01", source: s}]
cves:
  - id: CVE-2020-0001
    product: demo
    severity: high
    title: {zh: a, en: b}
    source: s
    affected: [{introduced: "1.0rc1", fixed: "1.2.3p1"}, {introduced: "2.0"}]
)",
                                                         "fuzz");
  return db;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const size_t half = size / 2;
  const auto a = paicha::Version::parse(text.substr(0, half));
  const auto b = paicha::Version::parse(text.substr(half));
  if (a) {
    if (a->compare(*a) != 0) std::abort();
    (void)a->numbers();
    (void)a->in_branch(*a);
  }
  if (a && b && a->compare(*b) != -b->compare(*a)) std::abort();
  (void)paicha::compare_versions(text, "9.2p1");
  (void)paicha::distro_hint(text);
  (void)fixture_db().match("Demo", text, text);
  (void)fixture_db().end_of_life("Demo", text, "2026-01-01");
  return 0;
}
