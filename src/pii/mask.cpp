#include "pii/mask.h"

#include <algorithm>

#include "pii/text_util.h"

namespace paicha::pii {

namespace {

// Keeps the first `head` and last `tail` digits (or X) and stars the ones between; any other
// character (spaces, dashes, "+86") stays where it is.
std::string mask_digits(std::string_view value, size_t head, size_t tail) {
  size_t total = 0;
  for (char c : value) total += is_digit(c) || c == 'X' || c == 'x';
  if (head + tail >= total) head = tail = total > 2 ? 1 : 0;
  std::string out(value);
  size_t seen = 0;
  for (char& c : out) {
    if (!is_digit(c) && c != 'X' && c != 'x') continue;
    if (seen >= head && seen < total - tail) c = '*';
    ++seen;
  }
  return out;
}

// Stars every character (a CJK character becomes one star) from character `keep` on.
std::string mask_chars_after(std::string_view value, size_t keep, bool keep_layout = true) {
  std::string out;
  size_t chars = 0;
  for (size_t i = 0; i < value.size();) {
    size_t n = cjk_at(value, i);
    if (n == 0) {
      auto b = static_cast<unsigned char>(value[i]);
      n = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
      n = std::min(n, value.size() - i);
    }
    char c = value[i];
    bool layout = keep_layout && (c == '\n' || c == '\r' || c == ' ' || c == '-');
    if (chars < keep || layout)
      out.append(value.substr(i, n));
    else
      out.push_back('*');
    ++chars;
    i += n;
  }
  return out;
}

std::string mask_private_key(std::string_view value) {
  std::string out(value);
  size_t body = out.find('\n');
  size_t footer = out.rfind("-----END");
  if (body == std::string::npos) return mask_chars_after(value, 11);
  if (footer == std::string::npos || footer < body) footer = out.size();
  for (size_t i = body; i < footer; ++i)
    if (is_alnum(out[i]) || out[i] == '+' || out[i] == '/' || out[i] == '=') out[i] = '*';
  return out;
}

// Keeps the administrative part up to the district (北京市朝阳区) and stars the street part, so
// that what is left no longer has the structure of an address.
std::string mask_address(std::string_view value) {
  static constexpr std::string_view kDistrict[] = {"市", "区", "县", "州", "盟", "旗"};
  static constexpr std::string_view kStreet[] = {"路", "街", "道", "巷", "弄", "号", "村",
                                                 "镇", "乡", "组", "栋", "楼", "室"};
  size_t keep_chars = 1, chars = 0;
  for (size_t i = 0; i < value.size(); ++chars) {
    size_t n = cjk_at(value, i);
    if (n == 0) n = 1;
    std::string_view c = value.substr(i, n);
    if (chars > 0 && std::find(std::begin(kStreet), std::end(kStreet), c) != std::end(kStreet))
      break;
    if (std::find(std::begin(kDistrict), std::end(kDistrict), c) != std::end(kDistrict))
      keep_chars = chars + 1;
    i += n;
  }
  return mask_chars_after(value, keep_chars);
}

}  // namespace

std::string mask_value(PiiType type, std::string_view value) {
  switch (type) {
    case PiiType::cn_id:
      return mask_digits(value, 6, 4);
    case PiiType::mobile: {
      size_t skip = value.starts_with("+86") ? 3 : value.starts_with("0086") ? 4 : 0;
      return std::string(value.substr(0, skip)) + mask_digits(value.substr(skip), 3, 4);
    }
    case PiiType::bank_card:
      return mask_digits(value, 4, 4);
    case PiiType::landline: {
      size_t split = value.find_first_of(")-");
      if (split == std::string_view::npos) return mask_digits(value, 3, 2);
      return std::string(value.substr(0, split + 1)) + mask_digits(value.substr(split + 1), 0, 4);
    }
    case PiiType::uscc:
      return mask_chars_after(value.substr(0, value.size() - 2), 8) +
             std::string(value.substr(value.size() >= 2 ? value.size() - 2 : 0));
    case PiiType::email: {
      size_t at = value.find('@');
      if (at == std::string_view::npos) return mask_chars_after(value, 1);
      std::string local = at > 1 ? mask_chars_after(value.substr(0, at), 1, false) : "*";
      return local + std::string(value.substr(at));
    }
    case PiiType::passport:
      return std::string(value.substr(0, 1)) +
             std::string(value.size() > 4 ? value.size() - 4 : 0, '*') +
             std::string(value.substr(value.size() > 4 ? value.size() - 3 : 1));
    case PiiType::ipv4: {
      size_t second_dot = value.find('.', value.find('.') + 1);
      return std::string(value.substr(0, second_dot)) + ".*.*";
    }
    case PiiType::name:
      return mask_chars_after(value, 1);
    case PiiType::address:
      return mask_address(value);
    case PiiType::password:
      return "******";
    case PiiType::secret:
      if (value.starts_with("-----BEGIN")) return mask_private_key(value);
      return mask_chars_after(value, 4);
  }
  return std::string(value.size(), '*');
}

std::string masked_sample(PiiType type, std::string_view value) {
  std::string masked = mask_value(type, value);
  if (type == PiiType::bank_card && masked.find_first_of(" -") == std::string::npos) {
    std::string grouped;
    for (size_t i = 0; i < masked.size(); ++i) {
      if (i > 0 && i % 4 == 0) grouped.push_back(' ');
      grouped.push_back(masked[i]);
    }
    return grouped;
  }
  if (type == PiiType::secret && masked.size() > 40) return masked.substr(0, 40) + "...";
  return masked;
}

}  // namespace paicha::pii
