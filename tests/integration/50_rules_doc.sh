#!/usr/bin/env bash
# docs/rules.md is generated from the catalogue (rules/*.yaml, data/vulndb.yaml): it must match
# what `paicha rules list --format markdown` prints now. Regenerate with tools/gen-rules-doc.sh.
set -euo pipefail
build=$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)
cd "$(dirname "$0")/../.."
out=$(mktemp /tmp/paicha-rules-doc.XXXXXX)
trap 'rm -f "$out"' EXIT
PAICHA_DATA_DIR="$(pwd)" "$build/paicha" --lang zh rules list --format markdown -o "$out"
if ! diff -q docs/rules.md "$out" >/dev/null; then
  diff docs/rules.md "$out" | head -20
  echo "FAIL: docs/rules.md is out of date: run tools/gen-rules-doc.sh"
  exit 1
fi
"$build/paicha" rules | grep -q "$(sed -nE 's/^data_version: *"?([0-9-]+)"?.*/\1/p' data/vulndb.yaml | head -1)" ||
  { echo "FAIL: paicha rules does not show the vulnerability data's date"; exit 1; }
echo "ok: docs/rules.md matches the catalogue"
