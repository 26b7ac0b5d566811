#pragma once
// Column headers and JSON keys (身份证号, 手机, id_card, mobile, ...) say what a value is:
// they raise confidence, classify columns, and are the context that names, addresses and
// passwords need to be recognised at all.
#include <optional>
#include <string_view>

#include "pii/types.h"

namespace paicha::pii {

std::optional<PiiType> classify_field(std::string_view header);

}  // namespace paicha::pii
