#!/usr/bin/env bash
# The main job on this machine: find and identify the data services on 127.0.0.1 and keep the
# results in the default store (~/.local/share/paicha/paicha.db, or $PAICHA_DB).
set -euo pipefail
build=${1:-build}
"$build/paicha" discover 127.0.0.1 -p db
