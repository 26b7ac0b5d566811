#pragma once
// Classifies a database column (or a Redis hash field, a document field) from its name and the
// values sampled from it: each cell value goes through the validators, and the column takes
// the type most of its values validate as. The name hint (身份证号, id_card, mobile, ...) raises
// confidence, and is the context that names, addresses and passwords need to be recognised.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pii/matcher.h"
#include "pii/types.h"

namespace paicha::pii {

struct ColumnVerdict {
  std::optional<PiiType> type;  // nullopt: no personal data
  double confidence = 0;        // 0..1
  uint64_t matched = 0;         // sampled values that hold a validated value of `type`
  uint64_t sampled = 0;         // non-NULL, non-empty values seen
  uint64_t count = 0;           // validated values of `type` (a free-text cell may hold several)
  double share() const { return sampled ? static_cast<double>(matched) / sampled : 0; }
};

class ColumnClassifier {
 public:
  explicit ColumnClassifier(std::string name, size_t max_samples = 3);

  // One cell. NULLs are not passed in; empty strings are ignored.
  void add(std::string_view value, MatchSession& session);
  // Exact mode: counts `value` only as `type`, cheaply (whole-value validators first).
  void add_as(PiiType type, std::string_view value, MatchSession& session);

  ColumnVerdict verdict() const;
  const std::string& name() const { return name_; }
  std::optional<PiiType> hint() const { return hint_; }
  // A few masked examples of the verdict's type.
  const std::vector<std::string>& samples(PiiType type) const {
    return samples_[static_cast<size_t>(type)];
  }
  // Values per type (each value counted once per type it holds).
  const std::array<uint64_t, kTypeCount>& values_per_type() const { return values_; }

 private:
  void note(PiiType type, std::string_view value, uint64_t occurrences);

  std::string name_;
  std::optional<PiiType> hint_;
  size_t max_samples_;
  uint64_t sampled_ = 0;
  std::array<uint64_t, kTypeCount> values_{};  // values holding the type
  std::array<uint64_t, kTypeCount> counts_{};  // occurrences
  std::array<std::vector<std::string>, kTypeCount> samples_;
  std::vector<Match> matches_;
};

// The type of a whole cell value by the format validators alone (no free-text search):
// cn_id, bank_card, mobile, landline, uscc, passport, email, ipv4. nullopt otherwise.
std::optional<PiiType> whole_value_type(std::string_view value);

}  // namespace paicha::pii
