#include "app/init_interactive.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <iostream>
#include <string>

#include "core/i18n.h"

namespace paicha::app {

namespace {

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t\r");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r") - first + 1);
}

}  // namespace

std::vector<std::string> split_list(const std::string& text) {
  std::string normal = text;
  for (size_t pos; (pos = normal.find("，")) != std::string::npos;) normal.replace(pos, 3, ",");
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= normal.size()) {
    size_t end = normal.find(',', start);
    if (end == std::string::npos) end = normal.size();
    if (auto item = trim(normal.substr(start, end - start)); !item.empty()) out.push_back(item);
    start = end + 1;
  }
  return out;
}

namespace {

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

class Asker {
 public:
  Asker(std::istream& in, std::ostream& out) : in_(in), out_(out) {}

  // Asks until `valid` accepts the answer (an empty answer is always accepted: it stays blank).
  std::string ask(std::string_view question, const std::string& current,
                  const std::function<bool(const std::string&)>& valid = nullptr,
                  std::string_view hint = "") {
    for (;;) {
      out_ << question;
      if (!current.empty()) out_ << " [" << current << "]";
      out_ << ": " << std::flush;
      std::string line;
      if (!std::getline(in_, line)) {
        ended_ = true;
        out_ << "\n";
        return current;
      }
      line = trim(line);
      if (line.empty()) return current;
      if (line == "-") return "";  // clears a default
      if (!valid || valid(line)) return line;
      out_ << "  " << hint << "\n";
    }
  }
  bool ended() const { return ended_; }
  std::ostream& out() { return out_; }

 private:
  std::istream& in_;
  std::ostream& out_;
  bool ended_ = false;
};

StorageLocation ask_storage(Asker& a, std::string_view question, StorageLocation current) {
  const std::string answer = a.ask(
      question, storage_location_label_zh(current),
      [](const std::string& t) {
        StorageLocation l;
        return parse_storage_location(t, l);
      },
      tr("请填写：互联网 / 业务专网 / 互联网和业务专网 / 托管单位 / 其他",
         "answer one of: 互联网 (internet) / 业务专网 (private) / 互联网和业务专网 "
         "(internet_and_private) / 托管单位 (hosted) / 其他 (other)"));
  StorageLocation location = current;
  parse_storage_location(answer, location);
  return location;
}

void ask_contact(Asker& a, Contact& c, bool with_title) {
  c.name = a.ask(tr("  联系人姓名", "  contact name"), c.name);
  if (with_title) c.title = a.ask(tr("  职务/职称", "  title"), c.title);
  c.office_phone = a.ask(
      tr("  办公电话（区号-号码）", "  office phone (area code-number)"), c.office_phone,
      is_office_phone,
      tr("格式：010-85979246 或 010-85979246-82013", "format: 010-85979246 or 010-85979246-82013"));
  c.mobile = a.ask(tr("  移动电话", "  mobile"), c.mobile, is_mobile_phone,
                   tr("11 位手机号码，1[3-9] 开头", "11 digits starting 1[3-9]"));
}

void ask_system(Asker& a, InformationSystem& s, const UnitProfile& profile) {
  s.storage = ask_storage(a, tr("  数据存储位置", "  storage location"), s.storage);
  std::vector<std::string> units = {kOwnUnit};
  for (const auto& sub : profile.subordinates) units.push_back(sub.name);
  s.owner_unit = a.ask(
      tr("  所属单位（本级或直属事业单位名称）", "  owning unit (本级 or a subordinate's name)"),
      s.owner_unit.empty() ? kOwnUnit : s.owner_unit,
      [&units](const std::string& t) {
        return std::find(units.begin(), units.end(), t) != units.end();
      },
      fmt::format("{}{}", tr("可选：", "one of: "), joined(units)));
  s.databases = split_list(a.ask(
      tr("  数据库地址（主机:端口，逗号分隔）", "  databases (host:port, comma-separated)"),
      joined(s.databases),
      [](const std::string& t) {
        for (const auto& e : split_list(t)) {
          DatabaseEndpoint d;
          if (!parse_database_endpoint(e, d)) return false;
        }
        return true;
      },
      tr("每项为 主机[:端口]，不含口令", "each is host[:port], no password")));
  s.paths = split_list(
      a.ask(tr("  数据文件目录（逗号分隔，可空）", "  data folders (comma-separated, optional)"),
            joined(s.paths)));
  s.maintainer_unit =
      a.ask(tr("  数据库维护单位", "  database maintainer (unit)"), s.maintainer_unit);
  ask_contact(a, s.maintainer, false);
}

}  // namespace

void ask_profile(UnitProfile& p, std::istream& in, std::ostream& out) {
  Asker a(in, out);
  out << tr("填写单位信息（回车保留方括号中的值，输入 - 清空）。\n",
            "Unit profile (Enter keeps the value in brackets, - clears it).\n");
  p.unit_name = a.ask(tr("单位名称", "unit name"), p.unit_name);
  p.unit_abbr = a.ask(tr("单位简称（字母数字，用于猜测单位特有的弱口令）",
                         "unit abbreviation (letters/digits, for unit-specific password guesses)"),
                      p.unit_abbr);
  p.unit_address = a.ask(tr("单位地址", "unit address"), p.unit_address);
  p.storage =
      ask_storage(a, tr("本单位数据存储位置", "the unit's data storage location"), p.storage);
  p.data_description =
      a.ask(tr("数据内容描述（业务数据种类）", "data description (kinds of business data)"),
            p.data_description);
  p.security_department.name = a.ask(
      tr("网络安全责任部门", "department responsible for cybersecurity"),
      p.security_department.name.empty() ? std::string("信息中心") : p.security_department.name);
  ask_contact(a, p.security_department.contact, true);
  p.protection_department.name =
      a.ask(tr("数据保护责任部门", "department responsible for data protection"),
            p.protection_department.name.empty() ? p.security_department.name
                                                 : p.protection_department.name);
  ask_contact(a, p.protection_department.contact, true);

  std::vector<std::string> names;
  for (const auto& s : p.subordinates) names.push_back(s.name);
  names = split_list(a.ask(
      tr("直属事业单位（逗号分隔，可空）", "subordinate units (comma-separated)"), joined(names)));
  std::vector<SubordinateUnit> subordinates;
  for (const auto& n : names) {
    SubordinateUnit unit{n, ""};
    for (const auto& old : p.subordinates)
      if (old.name == n) unit = old;
    subordinates.push_back(unit);
  }
  p.subordinates = subordinates;

  for (auto& s : p.systems) {
    if (a.ended()) break;
    out << fmt::format("{} {}\n", tr("信息系统", "information system"), s.name);
    ask_system(a, s, p);
  }
  while (!a.ended()) {
    InformationSystem s;
    s.name = a.ask(
        tr("新增信息系统名称（回车结束）", "add an information system (Enter to finish)"), "");
    if (s.name.empty()) break;
    ask_system(a, s, p);
    p.systems.push_back(std::move(s));
  }
  p.scope_targets = split_list(
      a.ask(tr("排查目标（IP、网段，逗号分隔）", "targets (IPs, CIDRs, comma-separated)"),
            joined(p.scope_targets)));
  p.scope_databases = split_list(a.ask(tr("pii db 的数据库 DSN（不含口令，逗号分隔）",
                                          "pii db DSNs (without passwords, comma-separated)"),
                                       joined(p.scope_databases)));
}

}  // namespace paicha::app
