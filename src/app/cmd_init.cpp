// `paicha init`: writes the unit profile (paicha.yaml) from flags, or by asking on a terminal;
// `paicha init --check FILE` validates one.
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <memory>
#include <regex>

#include "app/cli.h"
#include "app/init_interactive.h"
#include "core/errors.h"
#include "core/i18n.h"
#include "core/profile.h"
#include "report/output_file.h"

namespace paicha::app {

namespace {

struct InitCommand {
  std::string output = "paicha.yaml";
  bool force = false;
  std::string check;
  std::string unit_name, unit_abbr, unit_address, unit_storage, description;
  std::string security_dept, security_contact, protection_dept, protection_contact;
  std::vector<std::string> systems, subordinates, targets, databases;
  bool any_value() const {
    return !unit_name.empty() || !unit_abbr.empty() || !unit_address.empty() ||
           !unit_storage.empty() || !description.empty() || !security_dept.empty() ||
           !security_contact.empty() || !protection_dept.empty() || !protection_contact.empty() ||
           !systems.empty() || !subordinates.empty() || !targets.empty() || !databases.empty();
  }
};

// Splits on ASCII and Chinese commas, keeping empty fields (positions matter).
std::vector<std::string> fields_of(const std::string& text) {
  std::string normal = text;
  for (size_t pos; (pos = normal.find("，")) != std::string::npos;) normal.replace(pos, 3, ",");
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    const size_t end = normal.find(',', start);
    std::string field = normal.substr(start, end == std::string::npos ? end : end - start);
    const auto first = field.find_first_not_of(' ');
    out.push_back(first == std::string::npos
                      ? ""
                      : field.substr(first, field.find_last_not_of(' ') - first + 1));
    if (end == std::string::npos) return out;
    start = end + 1;
  }
}

// "姓名,职务,办公电话,手机"
Contact contact_of(const std::string& option, const std::string& text) {
  const auto f = fields_of(text);
  if (f.size() > 4)
    throw UsageError(fmt::format("{} '{}': {}", option, text,
                                 tr("最多 4 项：姓名,职务,办公电话,手机",
                                    "at most 4 fields: name,title,office phone,mobile")));
  Contact c;
  if (f.size() > 0) c.name = f[0];
  if (f.size() > 1) c.title = f[1];
  if (f.size() > 2) c.office_phone = f[2];
  if (f.size() > 3) c.mobile = f[3];
  return c;
}

// "名称,存储位置,维护单位,联系人,电话[,db=主机:端口][,path=目录][,unit=所属单位][,kind=数据种类]"
InformationSystem system_of(const std::string& text) {
  const auto f = fields_of(text);
  auto bad = [&](std::string_view what) {
    return UsageError(fmt::format("--system '{}': {}", text, what));
  };
  if (f.empty() || f[0].empty()) throw bad(tr("缺少系统名称", "missing the system name"));
  InformationSystem s;
  s.name = f[0];
  s.owner_unit = kOwnUnit;
  if (f.size() > 1 && !f[1].empty() && !parse_storage_location(f[1], s.storage))
    throw bad(fmt::format("'{}' {}", f[1],
                          tr("不是以下之一：互联网, 业务专网, 互联网和业务专网, 托管单位, 其他",
                             "is not one of 互联网, 业务专网, 互联网和业务专网, 托管单位, 其他")));
  if (f.size() > 2) s.maintainer_unit = f[2];
  if (f.size() > 3) s.maintainer.name = f[3];
  if (f.size() > 4)
    (is_mobile_phone(f[4]) ? s.maintainer.mobile : s.maintainer.office_phone) = f[4];
  for (size_t i = 5; i < f.size(); ++i) {
    const auto eq = f[i].find('=');
    const std::string key = f[i].substr(0, eq),
                      value = eq == std::string::npos ? "" : f[i].substr(eq + 1);
    if (key == "db")
      s.databases.push_back(value);
    else if (key == "path")
      s.paths.push_back(value);
    else if (key == "unit")
      s.owner_unit = value;
    else if (key == "kind")
      s.data_kinds.push_back(value);
    else
      throw bad(fmt::format("'{}' {}", f[i],
                            tr("：第 6 项起应为 db=、path=、unit= 或 kind=",
                               ": fields after the 5th are db=, path=, unit= or kind=")));
  }
  return s;
}

UnitProfile profile_from_flags(const InitCommand& cmd) {
  UnitProfile p;
  p.unit_name = cmd.unit_name;
  p.unit_abbr = cmd.unit_abbr;
  p.unit_address = cmd.unit_address;
  p.data_description = cmd.description;
  if (!cmd.unit_storage.empty() && !parse_storage_location(cmd.unit_storage, p.storage))
    throw UsageError(
        fmt::format("--unit-storage '{}': {}", cmd.unit_storage,
                    tr("不是以下之一：互联网, 业务专网, 互联网和业务专网, 托管单位, 其他",
                       "is not one of 互联网, 业务专网, 互联网和业务专网, 托管单位, 其他")));
  p.security_department.name = cmd.security_dept;
  p.security_department.contact = contact_of("--security-contact", cmd.security_contact);
  p.protection_department.name = cmd.protection_dept;
  p.protection_department.contact = contact_of("--protection-contact", cmd.protection_contact);
  for (const auto& name : cmd.subordinates) p.subordinates.push_back({name, ""});
  for (const auto& text : cmd.systems) p.systems.push_back(system_of(text));
  if (cmd.unit_storage.empty()) {  // derive the unit-wide location from its systems
    bool internet = false, private_net = false;
    for (const auto& s : p.systems) {
      internet = internet || s.storage == StorageLocation::internet ||
                 s.storage == StorageLocation::internet_and_private;
      private_net = private_net || s.storage == StorageLocation::private_network ||
                    s.storage == StorageLocation::internet_and_private;
    }
    if (internet)
      p.storage = private_net ? StorageLocation::internet_and_private : StorageLocation::internet;
  }
  p.scope_targets = cmd.targets;
  p.scope_databases = cmd.databases;
  return p;
}

// The written file must load again; only the unit name may still be a placeholder. Errors name
// the key the option fills ("init: security_department.contact.mobile: ..."): the file does not
// exist yet, so its line numbers would mean nothing.
void validate_rendered(const std::string& yaml, bool has_unit_name) {
  static const std::regex source_line(R"(^init:\d+: )");
  try {
    parse_profile(yaml, "init");
  } catch (const UsageError& e) {
    std::string kept;
    std::string all = e.what();
    for (size_t start = 0; start < all.size();) {
      size_t end = all.find('\n', start);
      if (end == std::string::npos) end = all.size();
      const std::string line =
          std::regex_replace(all.substr(start, end - start), source_line, "init: ");
      if (has_unit_name || line.find(" unit.name: ") == std::string::npos)
        kept += (kept.empty() ? "" : "\n") + line;
      start = end + 1;
    }
    if (!kept.empty()) throw UsageError(kept);
  }
}

void run_check(const std::string& path) {
  const UnitProfile p = load_profile(path);
  std::cout << fmt::format("OK: {}（{}{}，{} {}，{} {}）\n", path, tr("单位：", "unit: "),
                           p.unit_name, p.systems.size(), tr("个信息系统", "information systems"),
                           p.subordinates.size(), tr("个直属事业单位", "subordinate units"));
}

void run_init(const InitCommand& cmd, const GlobalOptions& global) {
  if (!cmd.check.empty()) return run_check(cmd.check);
  std::error_code ec;
  if (std::filesystem::exists(cmd.output, ec) && !cmd.force)
    throw UsageError(
        fmt::format("{} {}", cmd.output,
                    tr("已存在；覆盖请加 --force", "exists; add --force to overwrite it")));
  UnitProfile profile = profile_from_flags(cmd);
  const bool interactive = !cmd.any_value() && ::isatty(STDIN_FILENO) == 1;
  if (interactive) {
    if (std::filesystem::exists(cmd.output, ec)) {
      try {
        profile = load_profile(cmd.output);  // --force on a valid file: its values are the defaults
      } catch (const UsageError&) {
      }
    }
    ask_profile(profile, std::cin, std::cerr);
  }
  const std::string yaml = render_profile_yaml(profile);
  validate_rendered(yaml, !profile.unit_name.empty());
  report::Output out(cmd.output);
  out.write(yaml);
  out.close();
  if (!global.quiet) {
    std::cerr << fmt::format("{} {}\n", tr("已写入", "wrote"), cmd.output);
    if (profile.unit_name.empty())
      std::cerr << tr("请补全标有“待填写”的项，然后运行 paicha init --check ",
                      "complete the values marked \"to fill in\", then run paicha init --check ")
                << cmd.output << "\n";
  }
}

}  // namespace

void add_init_command(CLI::App& root, GlobalOptions& global) {
  auto c = std::make_shared<InitCommand>();
  CLI::App* cmd = root.add_subcommand(
      "init", std::string(tr("生成单位信息文件 paicha.yaml（终端上逐项询问，或由选项给出）",
                             "write the unit profile paicha.yaml (asks on a terminal, or from "
                             "options)")));
  auto opt = [&](const char* name, std::string& value, std::string_view help, const char* type) {
    cmd->add_option(name, value, std::string(help))->type_name(type);
  };
  auto many = [&](const char* name, std::vector<std::string>& value, std::string_view help,
                  const char* type) {
    cmd->add_option(name, value, std::string(help))->type_name(type)->allow_extra_args(false);
  };
  opt("-o,--output", c->output,
      tr("写入的文件（默认 paicha.yaml，权限 0600）",
         "file to write (default paicha.yaml, mode 0600)"),
      "FILE");
  cmd->add_flag("--force", c->force, std::string(tr("覆盖已有文件", "overwrite an existing file")));
  opt("--check", c->check,
      tr("校验 FILE 并输出 OK 或全部错误（不写文件）",
         "validate FILE and print OK or every error (writes nothing)"),
      "FILE");
  opt("--unit-name", c->unit_name, tr("单位名称", "unit name"), "TEXT");
  opt("--unit-abbr", c->unit_abbr, tr("单位简称（字母数字）", "unit abbreviation"), "TEXT");
  opt("--unit-address", c->unit_address, tr("单位地址", "unit address"), "TEXT");
  opt("--unit-storage", c->unit_storage,
      tr("本单位数据存储位置（默认由信息系统推出）",
         "the unit's storage location (default: from its systems)"),
      "LOCATION");
  opt("--description", c->description, tr("数据内容描述", "data description"), "TEXT");
  opt("--security-dept", c->security_dept, tr("网络安全责任部门", "cybersecurity department"),
      "TEXT");
  opt("--security-contact", c->security_contact,
      tr("其联系人：\"姓名,职务,办公电话,手机\"",
         "its contact: \"name,title,office phone,mobile\""),
      "CSV");
  opt("--protection-dept", c->protection_dept, tr("数据保护责任部门", "data protection department"),
      "TEXT");
  opt("--protection-contact", c->protection_contact,
      tr("其联系人：\"姓名,职务,办公电话,手机\"",
         "its contact: \"name,title,office phone,mobile\""),
      "CSV");
  many("--system", c->systems,
       tr("信息系统（可重复）：\"名称,存储位置,维护单位,联系人,电话[,db=主机:端口][,path=目录]"
          "[,unit=所属单位][,kind=数据种类]\"",
          "an information system (repeatable): \"name,storage,maintainer unit,contact,phone"
          "[,db=host:port][,path=folder][,unit=owning unit][,kind=data kind]\""),
       "CSV");
  many("--subordinate", c->subordinates,
       tr("直属事业单位名称（可重复）", "subordinate unit (repeatable)"), "NAME");
  many("--target", c->targets, tr("排查目标（可重复）", "target to inspect (repeatable)"),
       "TARGET");
  many("--database", c->databases,
       tr("pii db 的 DSN，不含口令（可重复）", "DSN for pii db, without password (repeatable)"),
       "DSN");
  cmd->callback([c, &global] { run_init(*c, global); });
}

}  // namespace paicha::app
