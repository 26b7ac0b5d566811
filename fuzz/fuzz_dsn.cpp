// Fuzzes the DSN parser of `pii db`: any text gives a Dsn or a UsageError, and masking never
// fails, even on text that is no DSN at all.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/dsn.h"
#include "core/errors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)paicha::mask_dsn_text(text);
  try {
    const paicha::Dsn dsn = paicha::parse_dsn(text);
    (void)dsn.masked();
    (void)dsn.endpoint();
  } catch (const paicha::UsageError&) {
  }
  return 0;
}
