#pragma once
// [MS-TDS] byte fixtures shared by the SQL Server tests.
#include <cstdint>
#include <string>

namespace paicha::services::mssql::tds_fixture {

// A PRELOGIN reply: VERSION 15.0.2000 and the given ENCRYPTION byte.
inline std::string prelogin_reply(uint8_t encryption) {
  std::string payload = {0x00,
                         0x00,
                         0x0b,
                         0x00,
                         0x06,  // VERSION at 11, 6 bytes
                         0x01,
                         0x00,
                         0x11,
                         0x00,
                         0x01,  // ENCRYPTION at 17, 1 byte
                         static_cast<char>(0xff)};
  payload += std::string{0x0f, 0x00, 0x07, static_cast<char>(0xd0), 0x00, 0x00};
  payload += static_cast<char>(encryption);
  std::string packet = {0x04, 0x01, 0x00, static_cast<char>(8 + payload.size()),
                        0x00, 0x00, 0x01, 0x00};
  return packet + payload;
}

}  // namespace paicha::services::mssql::tds_fixture
