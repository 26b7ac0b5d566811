#pragma once
// The kinds of personal data the detector knows, with their stable names (DESIGN.md, "pii scan").
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace paicha::pii {

enum class PiiType : uint8_t {
  cn_id,
  mobile,
  landline,
  bank_card,
  email,
  uscc,
  passport,
  ipv4,
  name,
  address,
  password,
  secret,
};
inline constexpr size_t kTypeCount = 12;

std::string_view to_string(PiiType type);
std::string_view display_name(PiiType type);  // localised via tr(): "身份证号" / "ID number"
std::optional<PiiType> parse_type(std::string_view name);
const std::array<PiiType, kTypeCount>& all_types();

// "cn_id,mobile" -> those types; throws UsageError naming the unknown token.
std::vector<PiiType> parse_type_list(std::string_view list);

// A set of types as a bit mask, for `--types`.
class TypeSet {
 public:
  static TypeSet all() {
    TypeSet s;
    s.bits_ = (1u << kTypeCount) - 1;
    return s;
  }
  static TypeSet of(const std::vector<PiiType>& types) {
    TypeSet s;
    for (auto t : types) s.bits_ |= 1u << static_cast<unsigned>(t);
    return s;
  }
  bool contains(PiiType t) const { return bits_ & (1u << static_cast<unsigned>(t)); }

 private:
  uint32_t bits_ = 0;
};

// Counts per type, indexed by PiiType.
struct TypeCounts {
  std::array<uint64_t, kTypeCount> n{};
  uint64_t& operator[](PiiType t) { return n[static_cast<size_t>(t)]; }
  uint64_t operator[](PiiType t) const { return n[static_cast<size_t>(t)]; }
  TypeCounts& operator+=(const TypeCounts& other) {
    for (size_t i = 0; i < kTypeCount; ++i) n[i] += other.n[i];
    return *this;
  }
  uint64_t total() const {
    uint64_t sum = 0;
    for (auto v : n) sum += v;
    return sum;
  }
};

}  // namespace paicha::pii
