// Target tokens and exclusions from arbitrary text. Besides not crashing, a small set must
// yield exactly count() hosts, and resuming at any point must agree with plain iteration.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/errors.h"
#include "core/targets.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  // Lines before a "!" line are targets, after it exclusions.
  std::vector<std::string> targets, exclusions;
  bool excluding = false;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    if (line == "!") {
      excluding = true;
      continue;
    }
    for (std::string& token : paicha::split_target_line(line)) {
      (excluding ? exclusions : targets).push_back(std::move(token));
    }
  }

  paicha::TargetSet set;
  set.set_warning_handler([](const std::string&) {});
  set.set_resolver([](const std::string& name) -> std::vector<paicha::IpAddr> {
    if (name.size() % 3 == 0) return {};  // unresolvable
    return {paicha::IpAddr::from_value(false, 0x7f000001 + name.size()),
            paicha::IpAddr::from_value(true, 1)};
  });
  try {
    set.add_tokens(targets);
    set.exclude_tokens(exclusions);
  } catch (const paicha::UsageError&) {
    return 0;
  }

  uint64_t count = set.count();
  constexpr uint64_t kWalkLimit = 4096;
  std::vector<paicha::ScanHost> walked;
  auto cursor = set.begin();
  while (walked.size() <= kWalkLimit) {
    auto host = cursor.next();
    if (!host) break;
    if (host->index != walked.size()) __builtin_trap();
    walked.push_back(*host);
  }
  if (walked.size() <= kWalkLimit && walked.size() != count) __builtin_trap();
  for (uint64_t skip : {uint64_t{1}, count / 2, count > 0 ? count - 1 : 0}) {
    auto resumed = set.begin(skip).next();
    if (skip < walked.size()) {
      if (!resumed || resumed->addr != walked[skip].addr || resumed->index != skip) {
        __builtin_trap();
      }
    }
    if (skip >= count && resumed) __builtin_trap();
  }
  return 0;
}
