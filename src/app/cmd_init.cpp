// Placeholder registration; the real command replaces this file.
#include "app/cli.h"

namespace paicha::app {

void add_init_command(CLI::App& root, GlobalOptions&) {
  auto* cmd = root.add_subcommand("init", "(not yet available)");
  cmd->group("");  // hidden until implemented
}

}  // namespace paicha::app
