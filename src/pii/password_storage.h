#pragma once
// How a password column stores its passwords: in plaintext, as fast unsalted hashes (hex MD5,
// SHA-1, SHA-256; {SHA}; MySQL's double SHA-1) or as salted slow hashes (bcrypt, argon2,
// scrypt, PBKDF2, crypt $5$/$6$, SCRAM). The first two are pii_exposure findings.
#include <cstdint>
#include <string_view>

namespace paicha::pii {

enum class PasswordStorage { unknown, plaintext, unsalted_hash, salted_hash };

PasswordStorage classify_password_value(std::string_view value);

// A column named like a password column (password, passwd, pwd, 密码, 口令, ...).
bool is_password_column(std::string_view column_name);

// Tally over the sampled values of one password column.
struct PasswordStorageTally {
  uint64_t plaintext = 0, unsalted = 0, salted = 0, values = 0;
  void add(std::string_view value);
  // The verdict: plaintext or unsalted_hash when at least half of the values are so.
  PasswordStorage verdict() const;
};

}  // namespace paicha::pii
