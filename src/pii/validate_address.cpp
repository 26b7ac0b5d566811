#include <array>
#include <span>

#include "pii/text_util.h"
#include "pii/validators.h"

namespace paicha::pii {

namespace {

constexpr std::array<std::string_view, 7> kDistrictLevel = {"市", "区", "县", "州", "盟", "旗", "镇"};
constexpr std::array<std::string_view, 14> kStreetLevel = {
    "路", "街", "道", "巷", "弄", "号", "村", "镇", "乡", "组", "栋", "楼", "室", "小区"};
constexpr std::array<std::string_view, 4> kProvinceEnds = {"省", "自治区", "市", "特别行政区"};

size_t find_any(std::string_view text, size_t from, std::span<const std::string_view> words) {
  size_t best = std::string_view::npos;
  for (auto w : words) {
    size_t pos = text.find(w, from);
    if (pos < best) best = pos;
  }
  return best;
}

}  // namespace

bool valid_address(std::string_view token, bool need_province) {
  if (token.size() < 4 * 3 || token.size() > 300) return false;
  if (!cjk_at(token, 0)) return false;
  size_t from = 0;
  if (need_province) {
    size_t end = find_any(token, 3, kProvinceEnds);
    if (end == std::string_view::npos || end > 5 * 3) return false;
    from = end + (token.substr(end).starts_with("自治区")       ? 9
                  : token.substr(end).starts_with("特别行政区") ? 15
                                                                : 3);
  }
  // The district level must come before the street level, each after at least one character.
  size_t district = find_any(token, from + 3, kDistrictLevel);
  if (district == std::string_view::npos) return false;
  size_t street = find_any(token, district + 6, kStreetLevel);
  return street != std::string_view::npos;
}

}  // namespace paicha::pii
