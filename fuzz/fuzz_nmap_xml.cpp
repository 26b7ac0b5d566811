// nmap -oX import from arbitrary bytes: either a UsageError or hosts with valid ports.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/errors.h"
#include "core/scan_import.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view content(reinterpret_cast<const char*>(data), size);
  try {
    auto hosts = paicha::parse_nmap_xml(content, "fuzz.xml", [](const std::string&) {});
    for (const paicha::ScanHost& host : hosts) {
      for (size_t i = 0; i < host.ports.size(); ++i) {
        if (host.ports[i] == 0 || (i > 0 && host.ports[i - 1] >= host.ports[i])) __builtin_trap();
      }
    }
  } catch (const paicha::UsageError&) {
  }
  return 0;
}
