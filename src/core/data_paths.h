#pragma once
// Where the bundled data lives at run time: the rule catalogue (rules/) and the data files
// (data/, e.g. data/vulndb.yaml). Looked up in this order, first hit wins:
//   1. $PAICHA_DATA_DIR (holding rules/ and data/ side by side, like the source tree)
//   2. <directory of the executable>/../share/paicha (an installed copy)
//   3. the source tree the binary was built from (PAICHA_SOURCE_RULES_DIR / _DATA_DIR)
#include <string>
#include <vector>

namespace paicha {

// The rule catalogue directory. Throws RuntimeError listing every place it looked.
std::string rules_dir();

// The data directory. Throws RuntimeError listing every place it looked.
std::string data_dir();

// A file below the data directory, e.g. data_file("vulndb.yaml"). Throws RuntimeError naming
// the file and the places searched when it is not found.
std::string data_file(const std::string& relative);

// The candidate roots in search order (for messages and tests); `leaf` is "rules" or "data".
std::vector<std::string> data_search_path(const std::string& leaf);

}  // namespace paicha
