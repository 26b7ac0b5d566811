#pragma once
// The patterns Hyperscan looks for in text (keys, hash and token prefixes, province names),
// and their compilation. The build compiles them ahead of time as well (tools/gen_pii_hsdb.cpp),
// so that a run loads the database instead of spending ~40 ms compiling it (matcher.cpp).
#include <hs.h>

#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>

namespace paicha::pii::patterns {

// What a Hyperscan hit means and how the candidate is cut out around it. Two literal-led
// forms are found with memchr instead (find_byte_led): "@" of e-mails and "*" of MySQL hashes.
// Together they halved Hyperscan's throughput on a CSV export (864 vs 1746 MB/s), as single
// common bytes make poor literal anchors for its matcher.
enum class Trigger : uint8_t {
  name_key,  // 姓名： / "name": ; the value starts at the end
  address_key,
  password_key,
  secret_key,
  province,       // a province name; its byte length is in the pattern table
  password_hash,  // SOM; expanded right over hash characters
  private_key,    // SOM; runs to the END line
  token_prefix,   // SOM; expanded right over token characters
};

struct PatternDef {
  const char* regex;
  Trigger trigger;
  bool som = false;
  bool caseless = false;
};

// Keys are followed by an optional closing quote, then = : ： => and an optional opening quote.
#define KV_SEP "[\"']?[ \\t]*(?:=>|=|:|：)[ \\t]*[\"']?"

inline constexpr PatternDef kPatterns[] = {
    {"(?:姓名|名字|联系人|收件人|收货人|持卡人|户主|监护人|法定代表人|\\b(?:name|real_?name|"
     "full_?name|cust(?:omer)?_?name|contact_?name|xm)\\b)" KV_SEP,
     Trigger::name_key, false, true},
    {"(?:地址|住址|\\b(?:addr|address|home_?addr(?:ess)?)\\b)" KV_SEP, Trigger::address_key, false,
     true},
    {"(?:密码|口令|\\b(?:password|passwd|pwd|pass|user_?pass(?:word)?|db_?pass(?:word)?|"
     "pgpassword|mysql_pwd)\\b)" KV_SEP,
     Trigger::password_key, false, true},
    {"\\b(?:requirepass|masterauth)[ \\t]+[\"']?", Trigger::password_key, false, true},
    {"\\bidentified by[ \\t]+'", Trigger::password_key, false, true},
    {"(?:密钥|\\b(?:api_?key|apikey|secret_?key|secret|access_?key_?secret|access_?token|"
     "auth_?token|client_?secret|app_?secret|private_?token)\\b)" KV_SEP,
     Trigger::secret_key, false, true},
    {"\\$2[abxy]?\\$[0-9]{2}\\$[./A-Za-z0-9]{53}", Trigger::password_hash, true},
    {"\\$[156]\\$[./A-Za-z0-9]{1,16}\\$[./A-Za-z0-9]{22}", Trigger::password_hash, true},
    {"\\$argon2(?:id|i|d)\\$v=", Trigger::password_hash, true},
    {"\\bmd5[0-9a-f]{32}\\b", Trigger::password_hash, true},
    {"SCRAM-SHA-256\\$[0-9]+:", Trigger::password_hash, true},
    {"\\{SSHA?\\}[A-Za-z0-9+/]{20}", Trigger::password_hash, true},
    {"\\bpbkdf2_sha256\\$[0-9]+\\$", Trigger::password_hash, true},
    {"-----BEGIN (?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?-----",
     Trigger::private_key, true},
    {"\\b(?:AKIA|ASIA)[0-9A-Z]{16}\\b", Trigger::token_prefix, true},
    {"\\bgh[pousr]_[A-Za-z0-9]{36}", Trigger::token_prefix, true},
    {"\\bgithub_pat_[A-Za-z0-9_]{20}", Trigger::token_prefix, true},
    {"\\bxox[abprs]-[0-9A-Za-z]{10}", Trigger::token_prefix, true},
    {"\\bAIza[0-9A-Za-z_\\-]{35}", Trigger::token_prefix, true},
    {"\\b[sr]k_live_[0-9A-Za-z]{24}", Trigger::token_prefix, true},
    {"\\bLTAI[0-9A-Za-z]{12}", Trigger::token_prefix, true},
    {"\\beyJ[A-Za-z0-9_\\-]{8,}\\.eyJ[A-Za-z0-9_\\-]{8}", Trigger::token_prefix, true},
};
inline constexpr size_t kPatternCount = std::size(kPatterns);

// Province-level names anchor free-text addresses; each is its own pattern so that the hit's
// start follows from its length without start-of-match tracking.
inline constexpr std::string_view kProvinces[] = {
    "北京市",         "天津市",           "上海市",       "重庆市",         "河北省",
    "山西省",         "辽宁省",           "吉林省",       "黑龙江省",       "江苏省",
    "浙江省",         "安徽省",           "福建省",       "江西省",         "山东省",
    "河南省",         "湖北省",           "湖南省",       "广东省",         "海南省",
    "四川省",         "贵州省",           "云南省",       "陕西省",         "甘肃省",
    "青海省",         "台湾省",           "内蒙古自治区", "广西壮族自治区", "西藏自治区",
    "宁夏回族自治区", "新疆维吾尔自治区",
};
inline constexpr unsigned kProvinceBase = 1000;

#undef KV_SEP

// Compiles every pattern for the platform Hyperscan runs on (nullptr: this machine). Returns
// nullptr and sets `error` on failure.
hs_database_t* compile(const hs_platform_info_t* platform, std::string& error);

}  // namespace paicha::pii::patterns
