#pragma once
// Masking of detected values, so that evidence and desensitised copies never hold the full
// value (DESIGN.md, Safety): 110101********1234, 138****5678, 6222 **** **** 0342.
#include <string>
#include <string_view>

#include "pii/types.h"

namespace paicha::pii {

// The masked form of `value`, keeping its layout (separators, prefixes) so that a masked copy
// of a file keeps its format. The result is never detected again as `type`.
std::string mask_value(PiiType type, std::string_view value);

// A masked sample for reports: like mask_value, and bank cards shown in groups of four.
std::string masked_sample(PiiType type, std::string_view value);

}  // namespace paicha::pii
