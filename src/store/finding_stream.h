#pragma once
// A run's findings one at a time, for reports over 100,000 findings: Store::findings() copies
// every stored title, remediation and reference list (~1.5 KB a finding), while a report takes
// those from the rule catalogue and needs the stored texts only for rules it does not know.
#include <cstdint>
#include <functional>
#include <string_view>

#include "core/finding.h"
#include "store/store.h"

namespace paicha::store {

// Calls `visit` for each finding of `run_id` in stored order. Title, remediation and references
// are filled only when `needs_stored_texts(rule)` is true. Not for use while another thread
// writes through the same Store.
void for_each_finding(Store& store, int64_t run_id,
                      const std::function<bool(std::string_view rule)>& needs_stored_texts,
                      const std::function<void(Finding&&)>& visit);

}  // namespace paicha::store
