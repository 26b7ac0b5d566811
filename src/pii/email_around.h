#pragma once
// An e-mail address around an "@": the run of local-part bytes before it and of domain bytes
// after it, trimmed and validated (valid_email_parts). Every "@" of a scanned text comes here.
#include <cstddef>
#include <string_view>

namespace paicha::pii {

// Whether there is a valid address around the "@" at text[at], as the pattern
// [A-Za-z0-9._%+-]@[A-Za-z0-9] anchored it; if so, its span is [begin, end). The local part
// reaches back at most 64 bytes.
bool email_around(std::string_view text, size_t at, size_t& begin, size_t& end);

// The same, byte by byte: the definition the mask-based path is tested against, and the path
// for an "@" near either end of the text or with a domain of 64 bytes or more.
bool email_around_plain(std::string_view text, size_t at, size_t& begin, size_t& end);

}  // namespace paicha::pii
