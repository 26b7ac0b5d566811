#pragma once
// `paicha mask`: a desensitised copy of a CSV, JSON or text file. Every detected value is
// masked in place; lines, delimiters, quotes and the file's encoding are kept.
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string_view>

#include "pii/types.h"

namespace paicha::pii {

struct MaskResult {
  std::string encoding;  // as detected: "utf-8", "ascii", "gb18030", ...
  uint64_t bytes_in = 0;
  TypeCounts masked;  // values masked, per type
};

// Reads `input` in line-aligned blocks (memory stays bounded) and passes the masked bytes to
// `write`. Throws RuntimeError naming the file when it cannot be read or decoded.
MaskResult mask_file(const std::filesystem::path& input, TypeSet types,
                     const std::function<void(std::string_view)>& write);

// Masks one block of UTF-8 text (whole lines); CSV columns are used as context when given.
std::string mask_text(std::string_view text, TypeSet types, TypeCounts* counts = nullptr);

}  // namespace paicha::pii
