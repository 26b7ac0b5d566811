#include "pii/field_classifier.h"

#include <array>
#include <string>
#include <utility>

namespace paicha::pii {

namespace {

// Chinese header words, matched anywhere in the header; most specific first.
constexpr std::array<std::pair<std::string_view, PiiType>, 28> kChinese = {{
    {"身份证", PiiType::cn_id},          {"证件号", PiiType::cn_id},
    {"统一社会信用代码", PiiType::uscc}, {"信用代码", PiiType::uscc},
    {"银行卡", PiiType::bank_card},      {"卡号", PiiType::bank_card},
    {"银行账号", PiiType::bank_card},    {"手机", PiiType::mobile},
    {"移动电话", PiiType::mobile},       {"固定电话", PiiType::landline},
    {"办公电话", PiiType::landline},     {"座机", PiiType::landline},
    {"电话", PiiType::mobile},           {"邮箱", PiiType::email},
    {"电子邮件", PiiType::email},        {"护照", PiiType::passport},
    {"IP地址", PiiType::ipv4},           {"姓名", PiiType::name},
    {"联系人", PiiType::name},           {"收件人", PiiType::name},
    {"持卡人", PiiType::name},           {"地址", PiiType::address},
    {"住址", PiiType::address},          {"密码", PiiType::password},
    {"口令", PiiType::password},         {"密钥", PiiType::secret},
    {"令牌", PiiType::secret},           {"名字", PiiType::name},
}};

// ASCII headers, compared after lower-casing and dropping _ - space.
constexpr std::array<std::pair<std::string_view, PiiType>, 48> kAscii = {{
    {"idcard", PiiType::cn_id},
    {"idno", PiiType::cn_id},
    {"idcardno", PiiType::cn_id},
    {"idnumber", PiiType::cn_id},
    {"sfz", PiiType::cn_id},
    {"sfzh", PiiType::cn_id},
    {"citizenid", PiiType::cn_id},
    {"identity", PiiType::cn_id},
    {"mobile", PiiType::mobile},
    {"mobilephone", PiiType::mobile},
    {"mobileno", PiiType::mobile},
    {"phone", PiiType::mobile},
    {"phoneno", PiiType::mobile},
    {"phonenumber", PiiType::mobile},
    {"cellphone", PiiType::mobile},
    {"sjh", PiiType::mobile},
    {"tel", PiiType::landline},
    {"telephone", PiiType::landline},
    {"landline", PiiType::landline},
    {"bankcard", PiiType::bank_card},
    {"cardno", PiiType::bank_card},
    {"cardnumber", PiiType::bank_card},
    {"accountno", PiiType::bank_card},
    {"email", PiiType::email},
    {"mail", PiiType::email},
    {"emailaddress", PiiType::email},
    {"uscc", PiiType::uscc},
    {"creditcode", PiiType::uscc},
    {"passport", PiiType::passport},
    {"passportno", PiiType::passport},
    {"ip", PiiType::ipv4},
    {"ipaddr", PiiType::ipv4},
    {"ipaddress", PiiType::ipv4},
    {"clientip", PiiType::ipv4},
    {"name", PiiType::name},
    {"realname", PiiType::name},
    {"fullname", PiiType::name},
    {"customername", PiiType::name},
    {"contactname", PiiType::name},
    {"xm", PiiType::name},
    {"address", PiiType::address},
    {"addr", PiiType::address},
    {"homeaddress", PiiType::address},
    {"password", PiiType::password},
    {"passwd", PiiType::password},
    {"pwd", PiiType::password},
    {"apikey", PiiType::secret},
    {"secretkey", PiiType::secret},
}};

}  // namespace

std::optional<PiiType> classify_field(std::string_view header) {
  for (const auto& [word, type] : kChinese)
    if (header.find(word) != std::string_view::npos) return type;
  std::string key;
  for (char c : header) {
    if (c == '_' || c == '-' || c == ' ' || c == '"' || c == '\'') continue;
    key.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c);
  }
  for (const auto& [word, type] : kAscii)
    if (key == word) return type;
  if (key == "accesstoken" || key == "token" || key == "secret" || key == "clientsecret")
    return PiiType::secret;
  return std::nullopt;
}

}  // namespace paicha::pii
