#!/usr/bin/env bash
# The main job on this machine: find the data services on 127.0.0.1, identify them, and check
# them for the notice's five risks plus vulnerable versions. Results go to the default store
# (~/.local/share/paicha/paicha.db, or $PAICHA_DB).
set -euo pipefail
build=${1:-build}
set +e
"$build/paicha" audit 127.0.0.1
status=$?
set -e
# 1 only means problems were found (with --fail-on); anything else is a real failure.
[[ $status -eq 0 || $status -eq 1 ]] || exit "$status"
