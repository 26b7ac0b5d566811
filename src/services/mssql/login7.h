#pragma once
// The TDS LOGIN7 record ([MS-TDS] 2.2.6.4) and the server's answer to it: LOGINACK, or an
// ERROR token whose number says why the login failed ([MS-TDS] 2.2.7.10, 2.2.7.14).
#include <cstdint>
#include <string>
#include <string_view>

namespace paicha::services::mssql {

struct Login7Request {
  std::string user;
  std::string password;
  std::string client_host = "paicha";
  std::string app_name = "paicha";
  std::string server_name;
  uint32_t packet_size = 4096;
};

// The LOGIN7 payload (without the TDS packet header) for TDS 7.4, SQL authentication.
std::string login7_payload(const Login7Request& request);

// UTF-8 -> UTF-16LE, as every LOGIN7 string is sent; invalid bytes become U+FFFD.
std::string utf16le_from_utf8(std::string_view utf8);
// The password scrambling LOGIN7 requires: each byte's nibbles swapped, then XOR 0xA5. It hides
// nothing (TLS does that); the server rejects an unscrambled password.
std::string scramble_password(std::string_view utf16le);

enum class LoginVerdict {
  accepted,        // LOGINACK
  wrong_password,  // error 18456 (login failed)
  password_right,  // 18487/18488: expired or must change, so the password itself is right
  disabled,        // 18470: the account is disabled
  locked_out,      // 18486: the account is locked by the password policy
  other_error,     // any other ERROR token
  malformed,       // not a token stream paicha understands
};

struct LoginAnswer {
  LoginVerdict verdict = LoginVerdict::malformed;
  int32_t error_number = 0;
  std::string message;  // the server's text, made safe to show
};

// Reads the token stream of the server's reply to LOGIN7 (a complete TDS message payload).
LoginAnswer parse_login_answer(std::string_view payload);

}  // namespace paicha::services::mssql
