// Placeholder registration; the real command replaces this file.
#include "app/cli.h"

namespace paicha::app {

void add_pii_db_subcommand(CLI::App&, GlobalOptions&) {}

}  // namespace paicha::app
