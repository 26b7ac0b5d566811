// Writes paicha.yaml with a comment on every key, so a person can complete it in an editor
// without reading the manual. Empty values stay as "" with a "to fill in" mark.
#include <fmt/format.h>

#include <string>

#include "core/i18n.h"
#include "core/profile.h"

namespace paicha {

namespace {

std::string quoted(const std::string& value) {
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\')
      out += '\\', out += c;
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out + "\"";
}

std::string quoted_list(const std::vector<std::string>& values) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) out += (i ? ", " : "") + quoted(values[i]);
  return out + "]";
}

class YamlWriter {
 public:
  void comment(int indent, std::string_view text) {
    out_ += std::string(indent, ' ') + "# " + std::string(text) + "\n";
  }
  void blank() { out_ += "\n"; }
  // key: "value"  # comment   (an empty value is marked as still to be filled in)
  void value(int indent, const std::string& key, const std::string& value, std::string_view what) {
    std::string line = std::string(indent, ' ') + key + ": " + quoted(value);
    std::string note(what);
    if (value.empty()) note = std::string(tr("待填写：", "to fill in: ")) + note;
    out_ += pad(line) + "# " + note + "\n";
  }
  void list(int indent, const std::string& key, const std::vector<std::string>& values,
            std::string_view what) {
    out_ += pad(std::string(indent, ' ') + key + ": " + quoted_list(values)) + "# " +
            std::string(what) + "\n";
  }
  void section(int indent, const std::string& key, std::string_view what) {
    out_ += pad(std::string(indent, ' ') + key + ":") + "# " + std::string(what) + "\n";
  }
  void raw(const std::string& text) { out_ += text; }
  const std::string& text() const { return out_; }

 private:
  static std::string pad(std::string line) {
    // Align comments at column 36 when the value is short; otherwise two spaces.
    size_t width = 0;
    for (unsigned char c : line) width += (c & 0xC0) != 0x80 ? ((c >= 0xE0) ? 2 : 1) : 0;
    line += std::string(width < 34 ? 36 - width : 2, ' ');
    return line;
  }
  std::string out_;
};

void contact(YamlWriter& w, int indent, const Contact& c, bool with_title) {
  w.value(indent, "name", c.name, tr("姓名", "name"));
  if (with_title || !c.title.empty()) w.value(indent, "title", c.title, tr("职务/职称", "title"));
  w.value(indent, "office_phone", c.office_phone,
          tr("办公电话：区号-号码[-分机]，例 010-85979246",
             "office phone: area code-number[-ext], "
             "e.g. 010-85979246"));
  w.value(indent, "mobile", c.mobile,
          tr("移动电话：11 位，例 13812345678", "mobile: 11 digits, e.g. 13812345678"));
}

void department(YamlWriter& w, const char* key, const Department& d, std::string_view what) {
  w.section(0, key, what);
  w.value(2, "name", d.name, tr("部门名称，例 信息中心", "department, e.g. 信息中心"));
  w.section(2, "contact", tr("责任部门联系人", "the department's contact person"));
  contact(w, 4, d.contact, true);
}

std::string storage_help() {
  return std::string(tr("数据存储位置：互联网 / 业务专网 / 互联网和业务专网 / 托管单位 / 其他",
                        "data storage location (write the Chinese label or the key): 互联网 "
                        "internet / 业务专网 private / 互联网和业务专网 internet_and_private / "
                        "托管单位 hosted / 其他 other"));
}

void system_entry(YamlWriter& w, const InformationSystem& s) {
  w.raw(fmt::format("  - name: {}\n", quoted(s.name)));
  w.value(4, "unit", s.owner_unit.empty() ? kOwnUnit : s.owner_unit,
          tr("所属单位：本级，或 subordinates 中的单位名称",
             "owning unit: 本级 (the unit itself) or a name under subordinates"));
  w.comment(4, storage_help());
  w.comment(4, tr("表二只列存储在 互联网 / 互联网和业务专网 / 托管单位 的系统",
                  "Form 2 lists systems stored on 互联网 / 互联网和业务专网 / 托管单位"));
  w.value(4, "storage", storage_location_label_zh(s.storage), tr("存储位置", "storage"));
  w.list(4, "databases", s.databases,
         tr("数据库 主机[:端口] 或不含口令的 DSN；用于关联 pii db 和 audit 的实测结果",
            "databases as host[:port] or DSNs without passwords; joins the pii db and audit "
            "measurements"));
  w.list(4, "paths", s.paths,
         tr("数据文件目录；用于关联 pii scan 的实测结果",
            "folders of its data files; joins the pii scan measurements"));
  w.list(4, "data_kinds", s.data_kinds,
         tr("业务数据种类，例 学籍数据、财务数据", "kinds of business data, e.g. 学籍数据"));
  w.section(
      4, "maintainer",
      tr("数据库维护单位、联系人及联系方式", "who maintains the database: unit, contact, phone"));
  w.value(6, "unit", s.maintainer_unit, tr("维护单位", "maintaining unit"));
  contact(w, 6, s.maintainer, false);
}

}  // namespace

std::string render_profile_yaml(const UnitProfile& p) {
  YamlWriter w;
  w.comment(0, tr("paicha 单位信息。表一（数据资产清单）、表二（在互联网上存储的重要数据和公民"
                  "个人信息统计表）和自查报告从这里取单位信息。",
                  "paicha unit profile. Form 1 (数据资产清单), Form 2 (internet-stored important "
                  "data and personal information) and the self-inspection report read it."));
  w.comment(0, tr("修改后校验：paicha init --check paicha.yaml",
                  "Check after editing: paicha "
                  "init --check paicha.yaml"));
  w.comment(0, tr("口令不要写在这里：放在凭据文件（--creds）或环境变量中。",
                  "Never put passwords here: use a credentials file (--creds) or the "
                  "environment."));
  w.blank();
  w.section(0, "unit", tr("本单位", "the unit"));
  w.value(2, "name", p.unit_name, tr("单位名称（必填）", "unit name (required)"));
  w.value(2, "abbr", p.unit_abbr,
          tr("单位简称（字母数字），audit 用它猜测单位特有的弱口令，例 bjchyedu",
             "abbreviation (letters, digits); audit guesses unit-specific passwords from it"));
  w.value(2, "address", p.unit_address, tr("单位地址", "unit address"));
  w.comment(2, storage_help());
  w.value(2, "storage", storage_location_label_zh(p.storage),
          tr("本单位数据存储位置（表一）", "the unit's data storage location (Form 1)"));
  w.value(2, "data_description", p.data_description,
          tr("数据内容描述：业务数据种类（实测到的个人信息类型由 paicha 自动补充）",
             "data description: kinds of business data (paicha adds the measured personal-data "
             "types)"));
  w.blank();
  department(w, "security_department", p.security_department,
             tr("网络安全责任部门", "department responsible for cybersecurity"));
  w.blank();
  department(w, "protection_department", p.protection_department,
             tr("数据保护责任部门", "department responsible for data protection"));
  w.blank();
  if (p.subordinates.empty()) {
    w.list(0, "subordinates", {},
           tr("直属事业单位（表二按 直属事业单位1、2… 分组），例：- name: \"XX中心\"",
              "subordinate units (Form 2 groups rows by them), e.g. - name: \"XX中心\""));
  } else {
    w.section(0, "subordinates",
              tr("直属事业单位（表二按 直属事业单位1、2… 分组）",
                 "subordinate units (Form 2 groups rows by them)"));
    for (const auto& sub : p.subordinates) {
      w.raw(fmt::format("  - name: {}\n", quoted(sub.name)));
      w.value(4, "address", sub.address, tr("地址", "address"));
    }
  }
  w.blank();
  if (p.systems.empty()) {
    w.list(0, "systems", {},
           tr("信息系统；格式见下方示例", "information systems; see the example"));
    w.comment(0, tr("示例：", "example:"));
    InformationSystem example;
    example.name = "学籍管理系统";
    example.storage = StorageLocation::internet;
    example.databases = {"10.0.0.5:3306"};
    example.maintainer_unit = "某某科技有限公司";
    example.maintainer.name = "李四";
    example.maintainer.mobile = "13900000000";
    YamlWriter sample;
    system_entry(sample, example);
    std::string text = sample.text(), commented;
    for (size_t start = 0; start < text.size();) {
      size_t end = text.find('\n', start);
      commented += "# " + text.substr(start, end - start) + "\n";
      start = end + 1;
    }
    w.raw(commented);
  } else {
    w.section(0, "systems", tr("信息系统", "information systems"));
    for (const auto& s : p.systems) system_entry(w, s);
  }
  w.blank();
  w.section(0, "scope", tr("排查范围", "what to inspect"));
  w.list(2, "targets", p.scope_targets,
         tr("audit 的目标：IP、网段、范围，例 10.1.0.0/24", "audit targets: IPs, CIDRs, ranges"));
  w.list(2, "databases", p.scope_databases,
         tr("pii db 的 DSN（不含口令）", "pii db DSNs (without passwords)"));
  return w.text();
}

}  // namespace paicha
