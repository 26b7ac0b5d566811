// Fuzzes what `pii db` does with one database cell: the whole-value validators and the
// password-storage classifier see values a database owner chose.
#include <cstdint>
#include <string_view>

#include "pii/column_classifier.h"
#include "pii/password_storage.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view value(reinterpret_cast<const char*>(data), size);
  (void)paicha::pii::whole_value_type(value);
  (void)paicha::pii::classify_password_value(value);
  (void)paicha::pii::is_password_column(value);
  return 0;
}
