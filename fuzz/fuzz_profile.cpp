// Fuzzes the unit profile (paicha.yaml) loader: any bytes give a profile or a UsageError that
// names the key, and a loaded profile renders back to YAML.
#include <cstdint>
#include <string>

#include "core/errors.h"
#include "core/profile.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const paicha::UnitProfile profile = paicha::parse_profile(text, "fuzz.yaml");
    (void)paicha::render_profile_yaml(profile);
  } catch (const paicha::UsageError&) {
  }
  return 0;
}
