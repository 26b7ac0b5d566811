#include "app/cli.h"

#include <cstdlib>

#include "core/i18n.h"

namespace paicha::app {

std::string default_db_path() {
  if (const char* env = std::getenv("PAICHA_DB"); env && *env) return env;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
    return std::string(xdg) + "/paicha/paicha.db";
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::string(home) + "/.local/share/paicha/paicha.db";
  return "paicha.db";
}

std::string effective_db_path(const GlobalOptions& global) {
  return global.db_path.empty() ? default_db_path() : global.db_path;
}

void add_format_option(CLI::App& cmd, std::string& format,
                       const std::vector<std::string>& formats) {
  std::string list;
  for (const auto& f : formats) list += (list.empty() ? "" : "|") + f;
  cmd.add_option("--format", format,
                 std::string(tr("输出格式：", "output format: ")) + list +
                     std::string(tr("（默认 table）", " (default table)")))
      ->check(CLI::IsMember(formats))
      ->type_name("FMT");
}

void add_output_option(CLI::App& cmd, std::string& output) {
  cmd.add_option("-o,--output", output,
                 std::string(tr("写入文件而不是标准输出（权限 0600）",
                                "write to FILE instead of standard output (mode 0600)")))
      ->type_name("FILE");
}

}  // namespace paicha::app
