#include <algorithm>
#include <array>
#include <cstdint>

#include "pii/text_util.h"
#include "pii/validators.h"

namespace paicha::pii {

namespace {

// 市 区 县 州 盟 旗 镇
constexpr unsigned kDistrictLevel[] = {0x5E02, 0x533A, 0x53BF, 0x5DDE, 0x76DF, 0x65D7, 0x9547};
// 路 街 道 巷 弄 号 村 镇 乡 组 栋 楼 室 (and 小区, whose 区 is already a district mark)
constexpr unsigned kStreetLevel[] = {0x8DEF, 0x8857, 0x9053, 0x5DF7, 0x5F04, 0x53F7, 0x6751,
                                     0x9547, 0x4E61, 0x7EC4, 0x680B, 0x697C, 0x5BA4};
constexpr uint8_t kDistrict = 1, kStreet = 2;

// Level marks of the ideographs U+3400..U+9FFF: one load per character, since every
// province-led run of free text and every address cell is checked.
constexpr std::array<uint8_t, 0xA000 - 0x3400> kLevelMarks = [] {
  std::array<uint8_t, 0xA000 - 0x3400> m{};
  for (unsigned cp : kDistrictLevel) m[cp - 0x3400] |= kDistrict;
  for (unsigned cp : kStreetLevel) m[cp - 0x3400] |= kStreet;
  return m;
}();

}  // namespace

bool valid_address(std::string_view token, bool need_province) {
  if (token.size() < 4 * 3 || token.size() > 300) return false;
  if (!cjk_at(token, 0)) return false;
  size_t pos = 0;
  if (need_province) {
    // 省, 自治区 or 市 within the first five characters ends the province.
    size_t end = 0;
    for (size_t i = 3; i <= 15 && i + 3 <= token.size(); i += 3) {
      unsigned cp = cjk_code_point(token, i);
      if (cp == 0x7701 || cp == 0x5E02) {  // 省 市
        end = i + 3;
        break;
      }
      if (cp == 0x81EA && token.substr(i).starts_with("自治区")) {
        end = i + 9;
        break;
      }
    }
    if (end == 0) return false;
    pos = end;
  }
  // The district level must come before the street level, each after at least one character.
  size_t district = 0;
  for (size_t i = pos + 3; i + 3 <= token.size();) {
    unsigned cp = cjk_code_point(token, i);
    if (cp == 0) {
      ++i;
      continue;
    }
    uint8_t mark = kLevelMarks[cp - 0x3400];
    if (district == 0) {
      if (mark & kDistrict) district = i;
    } else if (i >= district + 6 && (mark & kStreet)) {
      return true;
    }
    i += 3;
  }
  return false;
}

AddressRun address_run(std::string_view text, size_t pos, std::optional<size_t> province_begin) {
  AddressRun run;
  const size_t limit = std::min(text.size(), pos + 300);
  // Level marks count from one character after the province, as in valid_address.
  const size_t marks_from = pos + 3;
  size_t district = 0;
  bool street = false;
  size_t digits = 0;
  run.end = std::string_view::npos;
  while (pos < limit) {
    if (unsigned cp = cjk_code_point(text, pos)) {
      if (province_begin && !street && pos >= marks_from) {
        uint8_t mark = kLevelMarks[cp - 0x3400];
        if (district == 0) {
          if (mark & kDistrict) district = pos;
        } else if (pos >= district + 6 && (mark & kStreet)) {
          street = true;
        }
      }
      pos += 3;
      digits = 0;
      continue;
    }
    char c = text[pos];
    if (is_digit(c)) {
      if (++digits >= 6) {
        run.end = pos + 1 - digits;
        break;
      }
    } else if (!is_alpha(c) && c != '-' && c != '#') {
      run.end = pos;
      break;
    } else {
      digits = 0;
    }
    ++pos;
  }
  if (run.end == std::string_view::npos) run.end = pos;  // the last ideograph may pass limit
  if (province_begin) {
    size_t size = run.end - *province_begin;
    run.valid = street && size >= 4 * 3 && size <= 300;
  }
  return run;
}

}  // namespace paicha::pii
