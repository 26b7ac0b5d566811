#include "pii/text_util.h"
#include "pii/validators.h"

namespace paicha::pii {

namespace {

unsigned code_point_at(std::string_view text, size_t pos) {
  if (!cjk_at(text, pos)) return 0;
  return ((static_cast<unsigned char>(text[pos]) & 0x0Fu) << 12) |
         ((static_cast<unsigned char>(text[pos + 1]) & 0x3Fu) << 6) |
         (static_cast<unsigned char>(text[pos + 2]) & 0x3Fu);
}

// 市 区 县 州 盟 旗 镇
bool district_level(unsigned cp) {
  return cp == 0x5E02 || cp == 0x533A || cp == 0x53BF || cp == 0x5DDE || cp == 0x76DF ||
         cp == 0x65D7 || cp == 0x9547;
}
// 路 街 道 巷 弄 号 村 镇 乡 组 栋 楼 室 (and 小区, whose 区 is already a district mark)
bool street_level(unsigned cp) {
  switch (cp) {
    case 0x8DEF:
    case 0x8857:
    case 0x9053:
    case 0x5DF7:
    case 0x5F04:
    case 0x53F7:
    case 0x6751:
    case 0x9547:
    case 0x4E61:
    case 0x7EC4:
    case 0x680B:
    case 0x697C:
    case 0x5BA4:
      return true;
    default:
      return false;
  }
}

}  // namespace

bool valid_address(std::string_view token, bool need_province) {
  if (token.size() < 4 * 3 || token.size() > 300) return false;
  if (!cjk_at(token, 0)) return false;
  size_t pos = 0;
  if (need_province) {
    // 省, 自治区 or 市 within the first five characters ends the province.
    size_t end = 0;
    for (size_t i = 3; i <= 15 && i + 3 <= token.size(); i += 3) {
      unsigned cp = code_point_at(token, i);
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
    unsigned cp = code_point_at(token, i);
    if (cp == 0) {
      ++i;
      continue;
    }
    if (district == 0) {
      if (district_level(cp)) district = i;
    } else if (i >= district + 6 && street_level(cp)) {
      return true;
    }
    i += 3;
  }
  return false;
}

}  // namespace paicha::pii
