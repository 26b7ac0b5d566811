#include "core/targets_block.h"

#include <algorithm>

#include "core/i18n.h"

namespace paicha {

namespace {

Uint128 octet_span(const OctetPattern& p, size_t i) {
  return Uint128{p.hi[i]} - p.lo[i] + 1;
}

uint8_t octet_of(Uint128 value, size_t i) {
  return static_cast<uint8_t>((value >> (8 * (3 - i))) & 0xff);
}

Uint128 pattern_value(const std::array<uint8_t, 4>& octets) {
  return (Uint128{octets[0]} << 24) | (Uint128{octets[1]} << 16) | (Uint128{octets[2]} << 8) |
         octets[3];
}

}  // namespace

AddressBlock::AddressBlock(const AddressInterval& interval)
    : v6_(interval.v6), first_(interval.first), last_(interval.last) {
  Uint128 span = last_ - first_;
  size_ = span == ~Uint128{0} ? span : span + 1;
}

AddressBlock::AddressBlock(const OctetPattern& pattern)
    : v6_(false), pattern_(true), octets_(pattern) {
  first_ = pattern_value(pattern.lo);
  last_ = pattern_value(pattern.hi);
  size_ = 1;
  for (size_t i = 0; i < 4; ++i) size_ *= octet_span(pattern, i);
}

Uint128 AddressBlock::at(Uint128 index) const {
  if (!pattern_) return first_ + index;
  std::array<uint8_t, 4> octets{};
  for (size_t i = 4; i-- > 0;) {
    Uint128 span = octet_span(octets_, i);
    octets[i] = static_cast<uint8_t>(octets_.lo[i] + index % span);
    index /= span;
  }
  return pattern_value(octets);
}

Uint128 AddressBlock::count_le(Uint128 value) const {
  if (value < first_) return 0;
  if (value >= last_) return size_;
  if (!pattern_) return value - first_ + 1;
  // Digit by digit, like counting the numbers <= value that a mixed-radix odometer passes.
  Uint128 count = 0;
  Uint128 below = size_;  // members per choice of the current octet
  for (size_t i = 0; i < 4; ++i) {
    below /= octet_span(octets_, i);
    uint8_t digit = octet_of(value, i);
    if (digit < octets_.lo[i]) return count;
    if (digit > octets_.hi[i]) return count + octet_span(octets_, i) * below;
    count += Uint128{static_cast<uint8_t>(digit - octets_.lo[i])} * below;
  }
  return count + 1;  // value itself is a member
}

std::vector<AddressInterval> pattern_intervals(const OctetPattern& pattern, size_t limit) {
  // The trailing full octets (0-255) and the one before them form one contiguous run for each
  // combination of the octets in front.
  size_t run_octet = 3;
  while (run_octet > 0 && pattern.lo[run_octet] == 0 && pattern.hi[run_octet] == 255) --run_octet;
  Uint128 runs = 1;
  for (size_t i = 0; i < run_octet; ++i) runs *= octet_span(pattern, i);
  if (runs > limit) {
    throw InvalidTargetToken(std::string(tr(
        "范围过于分散，无法用作排除项", "pattern is too fragmented to be used as an exclusion")));
  }
  std::vector<AddressInterval> intervals;
  intervals.reserve(static_cast<size_t>(runs));
  std::array<uint8_t, 4> cursor = pattern.lo;
  while (true) {
    std::array<uint8_t, 4> lo = cursor, hi = cursor;
    for (size_t i = run_octet; i < 4; ++i) {
      lo[i] = pattern.lo[i];
      hi[i] = pattern.hi[i];
    }
    intervals.push_back({false, pattern_value(lo), pattern_value(hi)});
    // Advance the octets in front of the run, last one fastest.
    size_t i = run_octet;
    while (i > 0) {
      --i;
      if (cursor[i] < pattern.hi[i]) {
        ++cursor[i];
        break;
      }
      cursor[i] = pattern.lo[i];
      if (i == 0) return intervals;
    }
    if (run_octet == 0) return intervals;
  }
}

void IntervalSet::normalize() {
  std::sort(intervals_.begin(), intervals_.end(),
            [](const ClosedInterval& a, const ClosedInterval& b) { return a.first < b.first; });
  std::vector<ClosedInterval> merged;
  for (const ClosedInterval& next : intervals_) {
    if (!merged.empty()) {
      ClosedInterval& back = merged.back();
      bool touches = back.last == ~Uint128{0} || next.first <= back.last + 1;
      if (touches) {
        back.last = std::max(back.last, next.last);
        continue;
      }
    }
    merged.push_back(next);
  }
  intervals_ = std::move(merged);
}

std::optional<Uint128> IntervalSet::containing_end(Uint128 value) const {
  auto it = std::upper_bound(intervals_.begin(), intervals_.end(), value,
                             [](Uint128 v, const ClosedInterval& iv) { return v < iv.first; });
  if (it == intervals_.begin()) return std::nullopt;
  --it;
  if (it->last >= value) return it->last;
  return std::nullopt;
}

std::span<const ClosedInterval> IntervalSet::overlapping(Uint128 first, Uint128 last) const {
  auto begin = std::lower_bound(intervals_.begin(), intervals_.end(), first,
                                [](const ClosedInterval& iv, Uint128 v) { return iv.last < v; });
  auto end = std::upper_bound(begin, intervals_.end(), last,
                              [](Uint128 v, const ClosedInterval& iv) { return v < iv.first; });
  return {begin, end};
}

Uint128 count_excluded(const AddressBlock& block, std::span<const ClosedInterval> excluded,
                       Uint128 upto) {
  Uint128 count = 0;
  for (const ClosedInterval& iv : excluded) {
    if (iv.first > upto) break;
    count += block.count_le(std::min(iv.last, upto)) - block.count_lt(iv.first);
  }
  return count;
}

Uint128 count_remaining(const AddressBlock& block, const IntervalSet& excluded) {
  auto overlap = excluded.overlapping(block.first(), block.last());
  return block.size() - count_excluded(block, overlap, block.last());
}

Uint128 index_after_skipping(const AddressBlock& block, const IntervalSet& excluded, Uint128 skip) {
  // Between two excluded runs the number of excluded members below an index is constant, so the
  // answer is skip + (members excluded so far) in the first gap that is long enough.
  Uint128 excluded_before = 0;
  for (const ClosedInterval& iv : excluded.overlapping(block.first(), block.last())) {
    Uint128 kept_before = block.count_lt(iv.first) - excluded_before;
    if (skip < kept_before) break;
    excluded_before += block.count_le(iv.last) - block.count_lt(iv.first);
  }
  return skip + excluded_before;
}

}  // namespace paicha
