#include "pii/types.h"

#include "core/errors.h"
#include "core/i18n.h"

namespace paicha::pii {

namespace {
constexpr std::array<std::string_view, kTypeCount> kNames = {
    "cn_id",    "mobile", "landline", "bank_card", "email",    "uscc",
    "passport", "ipv4",   "name",     "address",   "password", "secret",
};
}  // namespace

std::string_view to_string(PiiType type) {
  return kNames[static_cast<size_t>(type)];
}

std::string_view display_name(PiiType type) {
  switch (type) {
    case PiiType::cn_id:
      return tr("身份证号", "ID number");
    case PiiType::mobile:
      return tr("手机号", "mobile");
    case PiiType::landline:
      return tr("固定电话", "landline");
    case PiiType::bank_card:
      return tr("银行卡号", "bank card");
    case PiiType::email:
      return tr("电子邮箱", "email");
    case PiiType::uscc:
      return tr("统一社会信用代码", "USCC");
    case PiiType::passport:
      return tr("护照号", "passport");
    case PiiType::ipv4:
      return tr("IP地址", "IPv4");
    case PiiType::name:
      return tr("姓名", "name");
    case PiiType::address:
      return tr("地址", "address");
    case PiiType::password:
      return tr("密码", "password");
    case PiiType::secret:
      return tr("密钥", "secret");
  }
  return "?";
}

std::optional<PiiType> parse_type(std::string_view name) {
  for (size_t i = 0; i < kTypeCount; ++i)
    if (kNames[i] == name) return static_cast<PiiType>(i);
  return std::nullopt;
}

const std::array<PiiType, kTypeCount>& all_types() {
  static const std::array<PiiType, kTypeCount> types = [] {
    std::array<PiiType, kTypeCount> t{};
    for (size_t i = 0; i < kTypeCount; ++i) t[i] = static_cast<PiiType>(i);
    return t;
  }();
  return types;
}

std::vector<PiiType> parse_type_list(std::string_view list) {
  std::vector<PiiType> out;
  while (!list.empty()) {
    size_t comma = list.find(',');
    std::string_view token = list.substr(0, comma);
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
    while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
    if (token.empty()) continue;
    auto type = parse_type(token);
    if (!type) {
      std::string known;
      for (auto n : kNames) {
        if (!known.empty()) known.push_back(',');
        known.append(n);
      }
      throw UsageError(std::string(tr("未知的个人信息类型 ", "unknown personal-data type ")) + "'" +
                       std::string(token) + "' (" + known + ")");
    }
    out.push_back(*type);
  }
  return out;
}

}  // namespace paicha::pii
