#pragma once
// PostgreSQL frontend/backend protocol 3.0, as far as logging in goes: StartupMessage,
// SSLRequest, the authentication exchange (trust, cleartext, md5, SCRAM-SHA-256 per RFC 5802 and
// RFC 7677) and ErrorResponse. Raw bytes instead of libpq so that weak-password guessing is
// asynchronous and fast, and so that each exchange ends exactly as the protocol wants (the
// server's final answer read, then Terminate) and never leaves half-open sessions behind.
// This file is the codec (pure functions, fuzzed); login.h runs one exchange over the network.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace paicha::services::postgresql {

// ---- Frontend messages ----------------------------------------------------------------------

// Protocol 3.0 StartupMessage with user, database and application_name.
std::string startup_message(std::string_view user, std::string_view database,
                            std::string_view application_name = "paicha");
// PasswordMessage ('p'): the cleartext or md5 answer, NUL-terminated.
std::string password_message(std::string_view answer);
// SASLInitialResponse ('p'): mechanism name, then Int32 length and the client-first message.
std::string sasl_initial_response(std::string_view mechanism, std::string_view data);
// SASLResponse ('p'): the client-final message.
std::string sasl_response(std::string_view data);
// Terminate ('X'): the polite goodbye.
std::string terminate_message();

// "md5" + md5hex(md5hex(password + user) + salt), the AuthenticationMD5Password answer.
std::string md5_password_answer(std::string_view user, std::string_view password,
                                std::string_view salt);

// ---- Backend messages -----------------------------------------------------------------------

// Authentication messages are small; anything larger is a hostile or confused peer.
inline constexpr uint32_t kMaxBackendMessage = 64 * 1024;

struct BackendMessage {
  char type = 0;
  std::string_view body;  // without the type byte and the length
};

enum class Frame { complete, incomplete, invalid };

// Takes the first message of `buffer`; `consumed` is its full size when complete.
Frame next_message(std::string_view buffer, BackendMessage& out, size_t& consumed);

// Authentication request codes ('R' messages).
enum class AuthCode : int32_t {
  ok = 0,
  kerberos_v5 = 2,
  cleartext = 3,
  md5 = 5,
  gss = 7,
  gss_continue = 8,
  sspi = 9,
  sasl = 10,
  sasl_continue = 11,
  sasl_final = 12,
};

struct AuthRequest {
  int32_t code = -1;
  std::string_view data;                // md5: the 4-byte salt; SASL continue/final: the message
  std::vector<std::string> mechanisms;  // AuthenticationSASL: offered mechanisms
};
std::optional<AuthRequest> parse_auth_request(std::string_view body);

struct ServerError {
  std::string severity;  // "FATAL" (the non-localised V field when present)
  std::string sqlstate;  // "28P01"
  std::string message;   // cleaned for display
};
// The fields of an ErrorResponse or NoticeResponse body; nullopt when malformed.
std::optional<ServerError> parse_error_fields(std::string_view body);

// ---- SCRAM-SHA-256 (RFC 5802, RFC 7677) ------------------------------------------------------

std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);

// A hostile server could ask for a billion PBKDF2 rounds; real ones use 4096.
inline constexpr int kScramMaxIterations = 100000;

// One SCRAM-SHA-256 client conversation without channel binding ("n,,"). PostgreSQL ignores the
// SCRAM user name (it uses the startup user), so it is empty by default, as libpq sends it.
class ScramSha256 {
 public:
  ScramSha256(std::string password, std::string client_nonce, std::string user = "");

  // "n,,n=<user>,r=<client nonce>"
  std::string client_first() const;
  // Takes "r=<nonce>,s=<salt>,i=<count>[,extensions]". False with `error` set when malformed,
  // when the nonce does not extend ours, when a mandatory extension appears, or when the
  // iteration count is out of range.
  bool accept_server_first(std::string_view message, std::string& error);
  int iterations() const { return iterations_; }
  // "c=biws,r=<nonce>,p=<proof>"; runs PBKDF2 and remembers the server signature to expect.
  std::string client_final();
  // True only for "v=<the expected server signature>": the server really knew the password.
  bool verify_server_final(std::string_view message) const;

 private:
  std::string password_;
  std::string client_nonce_;
  std::string user_;
  std::string server_first_;
  std::string nonce_;
  std::string salt_;
  int iterations_ = 0;
  std::string expected_server_signature_;
};

// 18 random bytes in base64: 24 printable characters, never ','.
std::string scram_nonce();

}  // namespace paicha::services::postgresql
