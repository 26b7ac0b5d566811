#include "pii/patterns.h"

#include <vector>

namespace paicha::pii::patterns {

hs_database_t* compile(const hs_platform_info_t* platform, std::string& error) {
  std::vector<const char*> expressions;
  std::vector<unsigned> flags, ids;
  for (size_t i = 0; i < kPatternCount; ++i) {
    expressions.push_back(kPatterns[i].regex);
    flags.push_back((kPatterns[i].som ? HS_FLAG_SOM_LEFTMOST : 0u) |
                    (kPatterns[i].caseless ? HS_FLAG_CASELESS : 0u));
    ids.push_back(static_cast<unsigned>(i));
  }
  // Province names are literals: NUL-terminated copies for the expression list.
  std::vector<std::string> provinces(std::begin(kProvinces), std::end(kProvinces));
  for (size_t i = 0; i < provinces.size(); ++i) {
    expressions.push_back(provinces[i].c_str());
    flags.push_back(0);
    ids.push_back(kProvinceBase + static_cast<unsigned>(i));
  }
  hs_database_t* db = nullptr;
  hs_compile_error_t* compile_error = nullptr;
  if (hs_compile_multi(expressions.data(), flags.data(), ids.data(),
                       static_cast<unsigned>(expressions.size()), HS_MODE_BLOCK, platform, &db,
                       &compile_error) != HS_SUCCESS) {
    error = "hyperscan: pattern " + std::to_string(compile_error ? compile_error->expression : -1) +
            ": " + (compile_error ? compile_error->message : "?");
    hs_free_compile_error(compile_error);
    return nullptr;
  }
  return db;
}

}  // namespace paicha::pii::patterns
