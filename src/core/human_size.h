#pragma once
// Sizes for people: "512 B", "3.1 GB" (binary multiples, as database tools print them).
#include <cstdint>
#include <string>

namespace paicha {

std::string human_size(int64_t bytes);

}  // namespace paicha
