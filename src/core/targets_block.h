#pragma once
// The arithmetic behind lazy target iteration: a block of addresses that can be indexed and
// ranked without materialising it, and a sorted set of excluded intervals.
#include <cstddef>
#include <optional>
#include <span>
#include <vector>

#include "core/targets_token.h"

namespace paicha {

// The members of an AddressInterval or an OctetPattern in ascending order. An octet pattern is
// ordered like a mixed-radix number, last octet fastest, so its members ascend with their index
// and count_le() is a rank function; the iteration order follows from that.
class AddressBlock {
 public:
  explicit AddressBlock(const AddressInterval& interval);
  explicit AddressBlock(const OctetPattern& pattern);

  bool v6() const { return v6_; }
  Uint128 first() const { return first_; }
  Uint128 last() const { return last_; }
  // Saturates at 2^128-1 (only ::/0 is larger).
  Uint128 size() const { return size_; }
  // The index-th member (0-based, index < size()).
  Uint128 at(Uint128 index) const;
  // Number of members <= value / < value.
  Uint128 count_le(Uint128 value) const;
  Uint128 count_lt(Uint128 value) const { return value == 0 ? 0 : count_le(value - 1); }

 private:
  bool v6_ = false;
  bool pattern_ = false;
  OctetPattern octets_;
  Uint128 first_ = 0;
  Uint128 last_ = 0;
  Uint128 size_ = 0;
};

// The disjoint, contiguous runs that make up an octet pattern (10.*.*.1 is 65536 runs, 10.1.*.*
// is one). Throws InvalidTargetToken when there would be more than `limit`.
std::vector<AddressInterval> pattern_intervals(const OctetPattern& pattern, size_t limit);

struct ClosedInterval {
  Uint128 first = 0;
  Uint128 last = 0;
};

// Sorted, merged intervals of one address family. Call normalize() after adding and before
// querying; adding one at a time and normalizing once keeps large exclusion lists cheap.
class IntervalSet {
 public:
  void add(Uint128 first, Uint128 last) { intervals_.push_back({first, last}); }
  void normalize();
  bool empty() const { return intervals_.empty(); }
  size_t size() const { return intervals_.size(); }

  // The last value of the interval that contains `value`, if any.
  std::optional<Uint128> containing_end(Uint128 value) const;
  // The intervals that intersect [first, last].
  std::span<const ClosedInterval> overlapping(Uint128 first, Uint128 last) const;

 private:
  std::vector<ClosedInterval> intervals_;
};

// Members of `block` that are <= `upto` and inside one of `excluded` (the intervals that overlap
// the block; see IntervalSet::overlapping).
Uint128 count_excluded(const AddressBlock& block, std::span<const ClosedInterval> excluded,
                       Uint128 upto);

// Number of members left after exclusions.
Uint128 count_remaining(const AddressBlock& block, const IntervalSet& excluded);

// Index of the member that is the `skip`-th (0-based) one not excluded; skip must be below
// count_remaining(). Linear in the excluded runs that overlap the block, so a /8 resumes
// without walking it.
Uint128 index_after_skipping(const AddressBlock& block, const IntervalSet& excluded, Uint128 skip);

}  // namespace paicha
