#!/bin/sh
# Regenerates docs/rules.md from the rule catalogue (rules/*.yaml) and data/vulndb.yaml.
# Usage: tools/gen-rules-doc.sh [path/to/paicha]   (default: build/paicha)
set -eu
cd "$(dirname "$0")/.."
PAICHA="${1:-build/paicha}"
if [ ! -x "$PAICHA" ]; then
  echo "gen-rules-doc: $PAICHA not found; build first (make) or pass the binary's path" >&2
  exit 2
fi
PAICHA_DATA_DIR="$(pwd)" "$PAICHA" --lang zh rules list --format markdown -o docs/rules.md
# The output file is created 0600 like every result file; documentation is public.
chmod 0644 docs/rules.md
echo "docs/rules.md: $(grep -c '^### ' docs/rules.md) rules"
