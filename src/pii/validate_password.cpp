#include <array>
#include <string>

#include "pii/text_util.h"
#include "pii/validators.h"

namespace paicha::pii {

namespace {

bool all_same(std::string_view s) {
  return s.find_first_not_of(s.front()) == std::string_view::npos;
}

bool is_placeholder(std::string_view v) {
  static constexpr std::array<std::string_view, 12> kWords = {
      "null",  "none",       "nil",      "undefined", "empty",  "true",
      "false", "<password>", "password", "xxx",       "******", "redacted"};
  std::string lower;
  for (char c : v) lower += static_cast<char>((c >= 'A' && c <= 'Z') ? c + 32 : c);
  for (auto w : kWords)
    if (lower == w) return true;
  if (all_same(v) && (v.front() == '*' || v.front() == 'x' || v.front() == 'X' || v.front() == '.'))
    return true;
  // Templating and environment references name a password, they do not hold one.
  if (v.starts_with("${") || v.starts_with("{{") || v.starts_with("%(") || v.starts_with("$(") ||
      v.starts_with("<") || v == "%s" || v.starts_with("os.environ") || v.starts_with("ENV["))
    return true;
  return false;
}

bool crypt_char(char c) {
  return is_alnum(c) || c == '.' || c == '/';
}

}  // namespace

bool valid_password_value(std::string_view value) {
  value = trim(value);
  if (value.empty() || value.size() > 128) return false;
  if (value.find('*') != std::string_view::npos && all_same(value)) return false;
  if (value.find("***") != std::string_view::npos) return false;  // already masked
  return !is_placeholder(value);
}

bool is_password_hash(std::string_view t) {
  if (t.starts_with("$2") && t.size() == 60) {  // bcrypt: $2b$10$ + 53
    return t[3] == '$' || (t[4] == '$' && t.size() == 60);
  }
  if (t.starts_with("$1$") || t.starts_with("$5$") || t.starts_with("$6$")) {
    size_t salt_end = t.find('$', 3);
    if (salt_end == std::string_view::npos) return false;
    std::string_view hash = t.substr(salt_end + 1);
    if (hash.size() < 22) return false;
    for (char c : hash)
      if (!crypt_char(c)) return false;
    return true;
  }
  if (t.starts_with("$argon2")) return t.size() > 40;
  if (t.starts_with("*") && t.size() == 41) {  // MySQL mysql_native_password
    for (char c : t.substr(1))
      if (!is_digit(c) && !(c >= 'A' && c <= 'F')) return false;
    return true;
  }
  if (t.starts_with("md5") && t.size() == 35) {  // PostgreSQL md5
    for (char c : t.substr(3))
      if (!is_digit(c) && !(c >= 'a' && c <= 'f')) return false;
    return true;
  }
  if (t.starts_with("SCRAM-SHA-256$") || t.starts_with("pbkdf2_sha256$") ||
      t.starts_with("{SSHA}") || t.starts_with("{SHA}"))
    return t.size() > 24 && t.find("***") == std::string_view::npos;
  return false;
}

bool valid_secret_value(std::string_view value) {
  if (value.size() < 16 || value.size() > 4096) return false;
  if (value.find("***") != std::string_view::npos || all_same(value)) return false;
  bool digit = false, alpha = false;
  for (char c : value) {
    digit |= is_digit(c);
    alpha |= is_alpha(c);
  }
  return digit && alpha;
}

}  // namespace paicha::pii
