#pragma once
// Reference tables shipped in data/pii/ and compiled in by data/pii/gen_tables.py.
#include <cstdint>
#include <span>
#include <string_view>

namespace paicha::pii {

// GB/T 2260 county-level code (current or historical), e.g. 110105.
bool is_region_code(uint32_t code);
// Every code is_region_code() accepts.
std::span<const uint32_t> region_codes();
// True when `digits` starts with a bank-card BIN from data/pii/bank_bins.tsv.
bool has_known_bin(std::string_view digits);
// True for an allocated 3-digit mobile prefix such as 138.
bool is_mobile_prefix(unsigned prefix);
// Byte length of the surname `text` starts with (compound surnames preferred), 0 if none.
size_t surname_prefix_length(std::string_view text);

}  // namespace paicha::pii
