#!/usr/bin/env bash
# The main job on this machine: find the data services on 127.0.0.1, identify them, check them
# for the notice's five risks plus vulnerable versions, then write the paperwork from what was
# measured: the self-inspection report (HTML), the rectification ledger (XLSX) and, when a unit
# profile ./paicha.yaml exists (paicha init), the two forms. Results go to the default store
# (~/.local/share/paicha/paicha.db, or $PAICHA_DB); the documents to $PAICHA_OUT (./paicha-out).
set -euo pipefail
build=${1:-build}
out=${PAICHA_OUT:-paicha-out}
set +e
"$build/paicha" audit 127.0.0.1
status=$?
set -e
# 1 only means problems were found (with --fail-on); anything else is a real failure.
[[ $status -eq 0 || $status -eq 1 ]] || exit "$status"
mkdir -p "$out"
"$build/paicha" report --format html -o "$out/自查报告.html"
"$build/paicha" ledger -o "$out/整改台账.xlsx"
if [[ -f paicha.yaml ]]; then
  "$build/paicha" inventory --profile paicha.yaml -o "$out/数据资产清单.xlsx"
else
  echo "run-main: no ./paicha.yaml, so no forms (create one with: $build/paicha init)" >&2
fi
