// paicha: entry point. Parses the global options, dispatches to one subcommand, and maps
// errors onto the documented exit status (0 ok, 1 findings at --fail-on, 2 usage, 3 runtime).
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "app/cli.h"
#include "core/errors.h"
#include "core/i18n.h"

namespace {

// The language must be known before the CLI is built, because the help texts depend on it.
void apply_language_early(int argc, char** argv) {
  paicha::Lang lang = paicha::Lang::zh;
  if (const char* env = std::getenv("PAICHA_LANG"); env && *env) paicha::parse_lang(env, lang);
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--lang" && i + 1 < argc) paicha::parse_lang(argv[i + 1], lang);
    if (arg.starts_with("--lang=")) paicha::parse_lang(arg.substr(7), lang);
  }
  paicha::set_lang(lang);
}

// nmap users type -iL; CLI11 allows only one-letter short options, so it is spelled out here.
std::vector<std::string> normalise_arguments(int argc, char** argv) {
  std::vector<std::string> args;
  for (int i = argc - 1; i >= 1; --i)  // CLI11 takes the arguments in reverse order
    args.emplace_back(std::string_view(argv[i]) == "-iL" ? "--input-list" : argv[i]);
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  using paicha::tr;
  apply_language_early(argc, argv);

  CLI::App app{std::string(tr("paicha（排查）：数据安全隐患排查与整改工具",
                              "paicha: data-security inspection and rectification toolkit")),
               "paicha"};
  app.set_version_flag("-V,--version", std::string("paicha ") + PAICHA_VERSION);
  app.set_help_flag("-h,--help", std::string(tr("显示帮助", "show this help")));
  app.require_subcommand(1);
  app.fallthrough();
  app.footer(std::string(
      tr("退出状态：0 正常完成；1 发现达到 --fail-on 级别的问题；2 用法错误；3 运行失败；"
         "130 被 Ctrl-C 中断（可用 --resume 继续）",
         "Exit status: 0 ran cleanly; 1 found problems at or above --fail-on; 2 usage error; "
         "3 runtime failure; 130 interrupted by Ctrl-C (continue with --resume)")));

  paicha::app::GlobalOptions global;
  app.add_option(
         "--lang", global.lang,
         std::string(tr("输出语言：zh（默认）或 en", "output language: zh (default) or en")))
      ->check(CLI::IsMember({"zh", "en"}))
      ->type_name("zh|en");
  app.add_option("--db", global.db_path,
                 std::string(tr("SQLite 结果库路径（默认 ", "SQLite store path (default ")) +
                     paicha::app::default_db_path() + ")")
      ->type_name("FILE");
  app.add_flag("-q,--quiet", global.quiet,
               std::string(tr("不显示进度和摘要", "no progress bar or summary on stderr")));
  app.add_flag("--no-progress", global.no_progress,
               std::string(tr("不显示进度条", "no progress bar")));

  paicha::app::add_discover_command(app, global);
  paicha::app::add_audit_command(app, global);
  paicha::app::add_rules_command(app, global);
  paicha::app::add_pii_command(app, global);
  paicha::app::add_mask_command(app, global);
  paicha::app::add_init_command(app, global);
  paicha::app::add_inventory_command(app, global);
  paicha::app::add_report_command(app, global);
  paicha::app::add_findings_command(app, global);
  paicha::app::add_verify_command(app, global);
  paicha::app::add_diff_command(app, global);
  paicha::app::add_ledger_command(app, global);

  try {
    app.name(argc > 0 ? std::filesystem::path(argv[0]).filename().string() : "paicha");
    std::vector<std::string> args = normalise_arguments(argc, argv);
    app.parse(args);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::RuntimeError& e) {
    return e.get_exit_code();
  } catch (const CLI::ParseError& e) {
    std::cerr << "paicha: " << e.what() << "\n"
              << tr("用 --help 查看用法", "see --help for usage") << "\n";
    return paicha::kExitUsage;
  } catch (const paicha::UsageError& e) {
    std::cerr << "paicha: " << e.what() << "\n";
    return paicha::kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "paicha: " << e.what() << "\n";
    return paicha::kExitRuntime;
  }
  return paicha::kExitOk;
}
