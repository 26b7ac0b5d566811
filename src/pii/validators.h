#pragma once
// One validator per personal-data type (validate_<type>.cpp). Each takes the candidate token
// exactly as found (separators included where the format allows them) and says whether it is
// a real value of that type, not merely a look-alike.
#include <optional>
#include <string_view>

namespace paicha::pii {

// GB 11643: 18 characters with MOD 11-2 check, or the 15-digit legacy form; GB/T 2260 region
// code and a plausible birth date in both.
bool valid_cn_id(std::string_view token);
// 11 digits with an allocated 1[3-9]x prefix; "138-1234-5678", "138 1234 5678", "+86 138..." too.
bool valid_mobile(std::string_view token);
// Area code (010, 02x, 0xxx) and a 7-8 digit number: "010-12345678", "(0755)1234567".
bool valid_landline(std::string_view token);
// 16-19 digits (spaces or dashes between groups allowed), Luhn, known issuer BIN.
bool valid_bank_card(std::string_view token);
// GB 32100: 18 characters, MOD 31 check character, plausible region code.
bool valid_uscc(std::string_view token);
bool valid_email(std::string_view token);
// The same for the two sides of the "@" once their bytes are known to be of the right classes
// ([A-Za-z0-9._%+-] and [A-Za-z0-9.-]), as the extractor's walk around an "@" ensures.
bool valid_email_parts(std::string_view local, std::string_view domain);
// Chinese passport: E + 8 digits, E + letter + 7 digits, G + 8 digits.
bool valid_passport(std::string_view token);
// Dotted quad, each part 0-255 without leading zeros.
bool valid_ipv4(std::string_view token);
// 2-4 CJK characters starting with a known surname (call only in a name context).
bool valid_name(std::string_view token);
// Administrative structure: an optional province, then a city/district/county level, then a
// street-level part. `need_province` is set for free text, where the province is the anchor.
bool valid_address(std::string_view token, bool need_province);
// The run of free address text from `pos`: ideographs, letters, digits and - # ( ), at most
// 300 bytes, ended before a run of six digits (a long number is not part of an address).
// With `province_begin` set (the run follows a province name that starts there), `valid` is
// whether text[province_begin, end) is an address, as valid_address(..., true) would say, in
// the same pass.
struct AddressRun {
  size_t end = 0;
  bool valid = false;
};
AddressRun address_run(std::string_view text, size_t pos,
                       std::optional<size_t> province_begin = std::nullopt);
// A plaintext password value (not empty, not a placeholder) or a known password-hash format.
bool valid_password_value(std::string_view value);
bool is_password_hash(std::string_view token);
// A token value of a secret (after its key or prefix): long enough and not a placeholder.
bool valid_secret_value(std::string_view value);

// Helpers shared by validators.
bool luhn_ok(std::string_view digits);
// Copies the digits (and a final X) of `token`, dropping separators; empty if anything else.
std::string_view strip_separators(std::string_view token, char* buffer, size_t capacity);

}  // namespace paicha::pii
