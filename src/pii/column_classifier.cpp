#include "pii/column_classifier.h"

#include <algorithm>

#include "pii/field_classifier.h"
#include "pii/mask.h"
#include "pii/text_util.h"
#include "pii/validators.h"

namespace paicha::pii {

namespace {

// A column takes a type when at least this share of its values validate as it; with a name
// hint that agrees, far fewer suffice (a sparsely filled 手机 column is still a mobile column).
constexpr double kMinShare = 0.2;
constexpr double kMinShareWithHint = 0.05;
// Longer cells are free text: only the matcher can find values inside them.
constexpr size_t kMaxWholeValue = 64;

// Types that the validators can only recognise with a column name or key as context.
bool needs_context(PiiType type) {
  return type == PiiType::name || type == PiiType::address || type == PiiType::password ||
         type == PiiType::secret;
}

bool whole_value_is(PiiType type, std::string_view v) {
  switch (type) {
    case PiiType::cn_id:
      return valid_cn_id(v);
    case PiiType::uscc:
      return valid_uscc(v);
    case PiiType::bank_card:
      return valid_bank_card(v);
    case PiiType::mobile:
      return valid_mobile(v);
    case PiiType::landline:
      return valid_landline(v);
    case PiiType::passport:
      return valid_passport(v);
    case PiiType::email:
      return valid_email(v);
    case PiiType::ipv4:
      return valid_ipv4(v);
    default:
      return valid_in_context(type, v);
  }
}

}  // namespace

std::optional<PiiType> whole_value_type(std::string_view v) {
  if (v.empty() || v.size() > kMaxWholeValue) return std::nullopt;
  static constexpr PiiType kOrder[] = {PiiType::cn_id,  PiiType::uscc,     PiiType::bank_card,
                                       PiiType::mobile, PiiType::landline, PiiType::passport,
                                       PiiType::email,  PiiType::ipv4};
  for (PiiType t : kOrder)
    if (whole_value_is(t, v)) return t;
  return std::nullopt;
}

ColumnClassifier::ColumnClassifier(std::string name, size_t max_samples)
    : name_(std::move(name)), hint_(classify_field(name_)), max_samples_(max_samples) {}

void ColumnClassifier::note(PiiType type, std::string_view value, uint64_t occurrences) {
  auto i = static_cast<size_t>(type);
  ++values_[i];
  counts_[i] += occurrences;
  if (samples_[i].size() < max_samples_) samples_[i].push_back(masked_sample(type, value));
}

void ColumnClassifier::add(std::string_view raw, MatchSession& session) {
  std::string_view value = trim(raw);
  if (value.empty()) return;
  ++sampled_;
  if (auto type = whole_value_type(value)) {
    note(*type, value, 1);
    return;
  }
  if (hint_ && needs_context(*hint_) && value.size() <= 4096 && valid_in_context(*hint_, value)) {
    note(*hint_, value, 1);
    return;
  }
  matches_.clear();
  session.find(value, TypeSet::all(), matches_);
  std::array<uint64_t, kTypeCount> found{};
  std::array<const Match*, kTypeCount> first{};
  for (const auto& m : matches_) {
    auto i = static_cast<size_t>(m.type);
    if (found[i]++ == 0) first[i] = &m;
  }
  for (size_t i = 0; i < kTypeCount; ++i)
    if (found[i])
      note(static_cast<PiiType>(i), value.substr(first[i]->begin, first[i]->end - first[i]->begin),
           found[i]);
}

void ColumnClassifier::add_as(PiiType type, std::string_view raw, MatchSession& session) {
  std::string_view value = trim(raw);
  if (value.empty()) return;
  ++sampled_;
  auto i = static_cast<size_t>(type);
  if (value.size() <= kMaxWholeValue && whole_value_is(type, value)) {
    ++values_[i];
    ++counts_[i];
    return;
  }
  if (needs_context(type)) return;  // checked whole above; no free-text form
  if (value.size() < 7) return;     // too short to hold any of the other types
  matches_.clear();
  session.find(value, TypeSet::of({type}), matches_);
  uint64_t n = 0;
  for (const auto& m : matches_) n += m.type == type;
  if (n) {
    ++values_[i];
    counts_[i] += n;
  }
}

ColumnVerdict ColumnClassifier::verdict() const {
  ColumnVerdict v;
  v.sampled = sampled_;
  size_t best = 0;
  for (size_t i = 1; i < kTypeCount; ++i)
    if (values_[i] > values_[best]) best = i;
  if (sampled_ == 0 || values_[best] == 0) return v;
  const auto type = static_cast<PiiType>(best);
  const double share = static_cast<double>(values_[best]) / static_cast<double>(sampled_);
  const bool hint_agrees = hint_ && *hint_ == type;
  if (share < (hint_agrees ? kMinShareWithHint : kMinShare)) return v;
  v.type = type;
  v.matched = values_[best];
  v.count = counts_[best];
  double confidence = share;
  if (hint_agrees)
    confidence = std::min(1.0, 0.3 + share);
  else if (hint_)
    confidence *= 0.8;  // the name says something else: a mixed or misnamed column
  v.confidence = static_cast<double>(static_cast<int>(confidence * 100 + 0.5)) / 100;
  return v;
}

}  // namespace paicha::pii
