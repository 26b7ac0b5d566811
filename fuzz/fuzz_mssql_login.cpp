// libFuzzer target: SQL Server's replies during login — TDS packet reassembly and the token
// stream answering LOGIN7.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "services/mssql/login7.h"
#include "services/mssql/tds_message.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  paicha::services::mssql::parse_login_answer(bytes);
  paicha::services::mssql::TdsMessageReader reader(1 << 16);
  reader.append(bytes);
  while (auto message = reader.next())
    paicha::services::mssql::parse_login_answer(message->payload);
  return 0;
}
