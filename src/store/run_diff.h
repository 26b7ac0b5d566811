#pragma once
// What changed between two audit/verify runs of the store (`paicha diff`).
#include <cstdint>
#include <vector>

#include "core/finding.h"
#include "store/store.h"

namespace paicha::store {

struct RunDiff {
  std::vector<Finding> appeared;       // in B, not in A, never fixed before B
  std::vector<Finding> came_back;      // in B, not in A, fixed at some run before B
  std::vector<Finding> fixed;          // in A, not in B, and B checked that asset
  std::vector<Finding> not_rechecked;  // in A, not in B, but B did not check that asset
  std::vector<Finding> still_open;     // in both
};

// Throws UsageError naming the run when it does not exist or is not an audit/verify run.
RunDiff diff_runs(Store& store, int64_t run_a, int64_t run_b);

}  // namespace paicha::store
