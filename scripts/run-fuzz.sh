#!/usr/bin/env bash
# Runs every fuzz target built in BUILD_DIR for SECONDS each, seeded from fuzz/corpus/<name>/
# when present. Fails on the first crash.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-fuzz}
seconds=${2:-20}
found=0
for bin in "$build"/fuzz_*; do
  [[ -x "$bin" ]] || continue
  found=$((found + 1))
  name=$(basename "$bin")
  work=$(mktemp -d "/tmp/paicha-$name.XXXXXX")
  seeds=()
  [[ -d "fuzz/corpus/$name" ]] && seeds=("fuzz/corpus/$name")
  echo "fuzz: $name for ${seconds}s"
  if ! "$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=0 \
      "$work" "${seeds[@]}" >"$work.log" 2>&1; then
    tail -n 60 "$work.log"
    echo "fuzz: $name FAILED (log above)"
    exit 1
  fi
  grep -E '^Done|#[0-9]+.*DONE' "$work.log" | tail -n 1 || true
  rm -rf "$work" "$work.log"
done
echo "fuzz: $found targets ran clean"
[[ $found -gt 0 ]]
