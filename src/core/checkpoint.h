#pragma once
// Which hosts of a run are finished, compactly: every index below `watermark` is done, plus a
// few done ones above it (hosts finish out of order inside the scan window). This is what
// --resume reads to skip finished hosts without storing one row per address.
#include <cstdint>
#include <set>
#include <string>

namespace paicha {

class HostCheckpoint {
 public:
  void mark_done(uint64_t index);
  bool is_done(uint64_t index) const { return index < watermark_ || above_.count(index) > 0; }
  uint64_t watermark() const { return watermark_; }
  uint64_t done_count() const { return watermark_ + above_.size(); }

  std::string to_json() const;
  // Throws std::runtime_error on malformed text; "" gives an empty checkpoint.
  static HostCheckpoint from_json(const std::string& json);

 private:
  uint64_t watermark_ = 0;
  std::set<uint64_t> above_;
};

}  // namespace paicha
