#include "pii/password_storage.h"

#include "pii/field_classifier.h"
#include "pii/text_util.h"
#include "pii/validators.h"

namespace paicha::pii {

namespace {

bool all_hex(std::string_view s) {
  for (char c : s)
    if (!is_digit(c) && !((c | 0x20) >= 'a' && (c | 0x20) <= 'f')) return false;
  return !s.empty();
}

}  // namespace

PasswordStorage classify_password_value(std::string_view raw) {
  std::string_view v = trim(raw);
  if (v.empty()) return PasswordStorage::unknown;
  // Bare hex digests of 32 (MD5), 40 (SHA-1) or 64 (SHA-256) digits carry no salt field.
  if ((v.size() == 32 || v.size() == 40 || v.size() == 64) && all_hex(v))
    return PasswordStorage::unsalted_hash;
  if (v.starts_with("{SHA}") || (v.starts_with("*") && v.size() == 41 && all_hex(v.substr(1))))
    return PasswordStorage::unsalted_hash;  // LDAP {SHA}, MySQL SHA1(SHA1(password))
  if (is_password_hash(v) || v.starts_with("$scrypt$") || v.starts_with("$7$") ||
      v.starts_with("pbkdf2:") || v.starts_with("$pbkdf2"))
    return PasswordStorage::salted_hash;
  if (valid_password_value(v)) return PasswordStorage::plaintext;
  return PasswordStorage::unknown;
}

bool is_password_column(std::string_view column_name) {
  auto type = classify_field(column_name);
  return type && *type == PiiType::password;
}

void PasswordStorageTally::add(std::string_view value) {
  switch (classify_password_value(value)) {
    case PasswordStorage::plaintext:
      ++plaintext;
      break;
    case PasswordStorage::unsalted_hash:
      ++unsalted;
      break;
    case PasswordStorage::salted_hash:
      ++salted;
      break;
    case PasswordStorage::unknown:
      return;
  }
  ++values;
}

PasswordStorage PasswordStorageTally::verdict() const {
  if (values == 0) return PasswordStorage::unknown;
  if (plaintext * 2 >= values) return PasswordStorage::plaintext;
  if (unsalted * 2 >= values) return PasswordStorage::unsalted_hash;
  if (salted * 2 >= values) return PasswordStorage::salted_hash;
  return PasswordStorage::unknown;
}

}  // namespace paicha::pii
