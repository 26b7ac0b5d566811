#pragma once
// Options shared by every subcommand, and the registration hooks of the subcommands.
#include <CLI/CLI.hpp>
#include <string>

namespace paicha::app {

struct GlobalOptions {
  std::string lang;     // "zh" (default) or "en"; applied before the CLI is built
  std::string db_path;  // SQLite store; empty: default_db_path()
  bool quiet = false;   // no progress bar, no summary lines on stderr
  bool no_progress = false;
};

// Default store: $PAICHA_DB, else $XDG_DATA_HOME/paicha/paicha.db, else
// ~/.local/share/paicha/paicha.db
std::string default_db_path();
std::string effective_db_path(const GlobalOptions& global);

// Adds --format/-o style options consistently. `formats` lists what the command supports.
void add_format_option(CLI::App& cmd, std::string& format, const std::vector<std::string>& formats);
void add_output_option(CLI::App& cmd, std::string& output);

// One per subcommand (src/app/cmd_*.cpp). Each adds its subcommand with --help and a callback.
void add_discover_command(CLI::App& root, GlobalOptions& global);
void add_rules_command(CLI::App& root, GlobalOptions& global);
void add_audit_command(CLI::App& root, GlobalOptions& global);
void add_pii_command(CLI::App& root, GlobalOptions& global);        // cmd_pii.cpp
void add_mask_command(CLI::App& root, GlobalOptions& global);       // cmd_mask.cpp
void add_pii_db_subcommand(CLI::App& pii, GlobalOptions& global);   // cmd_pii_db.cpp
void add_init_command(CLI::App& root, GlobalOptions& global);       // cmd_init.cpp
void add_inventory_command(CLI::App& root, GlobalOptions& global);  // cmd_inventory.cpp
void add_report_command(CLI::App& root, GlobalOptions& global);     // cmd_report.cpp
void add_findings_command(CLI::App& root, GlobalOptions& global);   // cmd_findings.cpp
void add_verify_command(CLI::App& root, GlobalOptions& global);     // cmd_verify.cpp
void add_diff_command(CLI::App& root, GlobalOptions& global);       // cmd_diff.cpp
void add_ledger_command(CLI::App& root, GlobalOptions& global);     // cmd_ledger.cpp

}  // namespace paicha::app
