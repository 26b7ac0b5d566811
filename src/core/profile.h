#pragma once
// The unit profile (paicha.yaml): who the unit is, who is responsible, which information
// systems it runs and where their data lives. `paicha init` writes it; the forms and the
// self-inspection report read it.
#include <cstdint>
#include <string>
#include <vector>

namespace paicha {

struct Contact {
  std::string name;          // 姓名
  std::string title;         // 职务/职称
  std::string office_phone;  // 办公电话
  std::string mobile;        // 移动电话
};

struct Department {
  std::string name;  // e.g. 信息中心
  Contact contact;
};

// 数据存储位置 as the notice spells it.
enum class StorageLocation { internet, private_network, internet_and_private, hosted, other };
// "互联网" / "业务专网" / "互联网和业务专网" / "托管单位" / "其他"
const char* storage_location_label_zh(StorageLocation location);
const char* storage_location_label_en(StorageLocation location);
// Accepts the Chinese labels and the ASCII keys internet|private|internet_and_private|hosted|other.
bool parse_storage_location(const std::string& text, StorageLocation& out);

struct InformationSystem {
  std::string name;             // 信息系统名称
  std::string owner_unit;       // the unit (本级 or a subordinate's name) that runs it
  std::string maintainer_unit;  // 数据库维护单位
  Contact maintainer;           // 联系人及联系方式
  StorageLocation storage = StorageLocation::private_network;
  std::vector<std::string> databases;   // host[:port] or DSNs (without passwords) of its databases
  std::vector<std::string> data_kinds;  // free text: 学籍数据, 财务数据 …
  std::vector<std::string> paths;       // folders/files of its data scanned by `pii scan`
};

struct SubordinateUnit {
  std::string name;  // 直属事业单位名称
  std::string address;
};

struct UnitProfile {
  std::string unit_name;             // 单位名称
  std::string unit_abbr;             // used for unit-specific password guesses (bjchyedu2019)
  std::string unit_address;          // 单位地址
  Department security_department;    // 网络安全责任部门
  Department protection_department;  // 数据保护责任部门
  StorageLocation storage = StorageLocation::private_network;  // unit-wide 数据存储位置
  std::string data_description;  // 数据内容描述 (the measured PII types are appended)
  std::vector<SubordinateUnit> subordinates;
  std::vector<InformationSystem> systems;
  std::vector<std::string> scope_targets;    // ranges to inspect (audit targets)
  std::vector<std::string> scope_databases;  // DSNs for `pii db`, without passwords
};

// Loads and validates paicha.yaml. Throws UsageError naming the file, the key path
// (e.g. "systems[2].storage") and what is wrong.
UnitProfile load_profile(const std::string& path);
// The default location: ./paicha.yaml, else $PAICHA_PROFILE.
std::string default_profile_path();
// Writes a commented YAML document (comments in the current language).
std::string render_profile_yaml(const UnitProfile& profile);

// load_profile on text already read; `source` names it in error messages (usually the path).
UnitProfile parse_profile(const std::string& yaml_text, const std::string& source);

// "本级" (or empty) names the unit itself in InformationSystem::owner_unit.
inline constexpr const char* kOwnUnit = "本级";

// Office phone: area code + number, optional extension ("010-85979246", "010-85979246-82013").
bool is_office_phone(const std::string& text);
// Mobile: 11 digits starting 1[3-9].
bool is_mobile_phone(const std::string& text);

// A `databases` entry ("10.0.0.5", "10.0.0.5:3306", "[::1]:5432", "mysql://u@h:3306/db") split
// into host and port (0: any port; host empty for a local sqlite:///path). False if it cannot be
// read or it carries a password.
struct DatabaseEndpoint {
  std::string host;
  uint16_t port = 0;
};
bool parse_database_endpoint(const std::string& entry, DatabaseEndpoint& out);

}  // namespace paicha
