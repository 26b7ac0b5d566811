#pragma once
// Candidates made of digits: ID numbers, mobiles, bank cards, USCCs, passports, landlines and
// IPv4 addresses. They are cut by a hand-written tokenizer rather than by Hyperscan: on
// digit-dense exports Hyperscan's class-led patterns (\b[0-9]{10,18}[0-9X]\b and friends) ran
// at about 150 MB/s together, the tokenizer at well over 1 GB/s; Hyperscan keeps the
// literal-anchored candidates (@, keys, province names, token prefixes), where it excels.
#include <string_view>
#include <vector>

#include "pii/matcher.h"

namespace paicha::pii {

// Appends validated matches (in order, not yet de-overlapped) of `types` to `out`. With
// `marks`, also appends the offset of every "@" and "*" (the bytes that lead e-mails and MySQL
// password hashes), found in the same pass over the bytes.
void find_numeric_tokens(std::string_view text, TypeSet types, std::vector<Match>& out,
                         std::vector<size_t>* marks = nullptr);

}  // namespace paicha::pii
