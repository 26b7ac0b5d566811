#pragma once
// SCRAM client (RFC 5802, RFC 7677) as MongoDB speaks it (Driver Authentication spec,
// github.com/mongodb/specifications source/auth/auth.rst, "SCRAM-SHA-1" and "SCRAM-SHA-256"):
// - no channel binding: the client-first message starts with "n,,";
// - user names are NOT SASLprep'ed, only '=' and ',' escaped (RFC 5802 5.1);
// - SCRAM-SHA-1 derives keys from HEX(MD5(user + ":mongo:" + password)), not the password;
// - SCRAM-SHA-256 derives keys from SASLprep(password);
// - an iteration count below 4096 is refused (downgrade protection).
// The PBKDF2 step is separate (salted_password) so that callers may run it off the event loop.
#include <optional>
#include <string>
#include <string_view>

namespace paicha::services::mongodb {

enum class ScramHash { sha1, sha256 };

inline constexpr int kScramMinIterations = 4096;

std::string_view mechanism_name(ScramHash hash);  // "SCRAM-SHA-1", "SCRAM-SHA-256"

// The password as the key derivation sees it; nullopt when SASLprep prohibits it (control
// characters). SASLprep here covers what passwords typed in China contain: ASCII, full-width
// ASCII (NFKC maps U+FF01..U+FF5E to ASCII), non-ASCII spaces and the "mapped to nothing"
// characters of RFC 3454 B.1; other characters are passed through unchanged.
std::optional<std::string> scram_password(ScramHash hash, std::string_view user,
                                          std::string_view password);
std::optional<std::string> saslprep(std::string_view text);

// Cryptographic building blocks (also used by the test's server side).
std::string scram_digest(ScramHash hash, std::string_view data);                      // H()
std::string scram_hmac(ScramHash hash, std::string_view key, std::string_view data);  // HMAC()
std::string scram_hi(ScramHash hash, std::string_view password, std::string_view salt,
                     int iterations);  // Hi() = PBKDF2
std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);
// 24 random bytes, base64: printable and free of ','.
std::string random_nonce();
// RFC 5802 5.1 saslname: '=' -> "=3D", ',' -> "=2C".
std::string scram_escape_user(std::string_view user);

class ScramClient {
 public:
  // `password` is the prepared one (scram_password()).
  ScramClient(ScramHash hash, std::string user, std::string password, std::string client_nonce);

  ScramHash hash() const { return hash_; }
  // "n,,n=<user>,r=<nonce>"
  std::string client_first() const;
  // Takes "r=<nonce>,s=<salt>,i=<count>". False (with `error` set) when malformed, when the
  // nonce does not extend ours, or when the iteration count is below kScramMinIterations.
  bool accept_server_first(std::string_view message, std::string& error);
  // Hi(password, salt, i): the expensive step.
  std::string salted_password() const;
  // "c=biws,r=<nonce>,p=<proof>"; remembers the server signature to expect.
  std::string client_final(std::string_view salted_password);
  // True when the message is "v=<expected server signature>" (the server knew the password).
  bool verify_server_final(std::string_view message) const;

 private:
  ScramHash hash_;
  std::string user_;
  std::string password_;
  std::string client_nonce_;
  std::string server_first_;
  std::string combined_nonce_;
  std::string salt_;
  int iterations_ = 0;
  std::string expected_server_signature_;
};

// Splits a SCRAM attribute list "a=..,b=.." and returns the value of `name`, if present.
std::optional<std::string_view> scram_attribute(std::string_view message, char name);

}  // namespace paicha::services::mongodb
