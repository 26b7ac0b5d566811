// Feeds arbitrary bytes to every identification parser. The first byte picks the parser, the
// rest is the reply. Matched identifications must serialise to JSON (valid UTF-8), because
// the reports write them.
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>
#include <vector>

#include "services/http/probe.h"
#include "services/probe.h"
#include "services/probe_util.h"

namespace {

std::vector<paicha::services::ParseFn> all_parsers() {
  std::vector<paicha::services::ParseFn> parsers;
  for (const auto& probe : paicha::services::probe_table()) parsers.push_back(probe.parse);
  parsers.push_back(paicha::services::match_greeting);
  return parsers;
}

void check_serialisable(const paicha::services::Identification& id) {
  nlohmann::json j{
      {"service", id.service}, {"product", id.product}, {"version", id.version}, {"info", id.info}};
  (void)j.dump();  // throws (and so crashes the fuzzer) on invalid UTF-8
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<paicha::services::ParseFn> parsers = all_parsers();
  if (size == 0) return 0;
  const std::string_view input(reinterpret_cast<const char*>(data) + 1, size - 1);
  const size_t choice = data[0] % (parsers.size() + 2);
  if (choice < parsers.size()) {
    const auto result = parsers[choice](input);
    if (result.verdict == paicha::services::Verdict::matched) check_serialisable(result.id);
  } else if (choice == parsers.size()) {
    nlohmann::json j{{"t", paicha::services::http::html_title(input)},
                     {"c", paicha::services::clean_text(input, 40)}};
    (void)j.dump();
  } else {
    const std::string banner = paicha::services::escape_banner(input, 32);
    for (const char c : banner) {
      if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) {
        __builtin_trap();  // escape_banner must produce printable ASCII only
      }
    }
  }
  return 0;
}
