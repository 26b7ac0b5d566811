#!/usr/bin/env bash
# Report benchmark (issue 6): `paicha report` over one audit run of 100,000 findings on 10,000
# assets (plus 1,000 personal-data files), as HTML and as DOCX. Prints wall seconds and peak
# memory (GNU time) against the goals: <= 2 s and <= 512 MiB each.
# Usage: bench/report.sh [BUILD_DIR]     (BENCH_FINDINGS / BENCH_ASSETS change the size)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
paicha="$build/paicha"
[[ -x "$paicha" ]] || { echo "bench: $paicha not built (make build)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "bench: GNU time missing (scripts/install-deps.sh)" >&2; exit 2; }
findings=${BENCH_FINDINGS:-100000}
assets=${BENCH_ASSETS:-10000}
work=$(mktemp -d /tmp/paicha-bench-report.XXXXXX)
trap 'rm -rf "$work"' EXIT

# paicha creates the store (schema and migrations); the generator fills it.
closed=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
"$paicha" --db "$work/bench.db" -q discover 127.0.0.1 -p "$closed" --format json > /dev/null
python3 bench/report_gen.py "$work/bench.db" rules "$assets" "$findings"

printf '%-6s %10s %10s %12s %8s\n' format "wall (s)" "peak MiB" "output MiB" goals
status=0
for format in html docx; do
  for attempt in 1 2; do  # the second run shows the warm-cache figure
    /usr/bin/time -v -o "$work/time.txt" \
      "$paicha" --db "$work/bench.db" -q report --format "$format" -o "$work/report.$format"
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0;
             for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.2f", s }' "$work/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$work/time.txt")
    size=$(stat -c %s "$work/report.$format" | awk '{ printf "%.1f", $1 / 1048576 }')
    met=$(awk -v w="$wall" -v m="$rss" 'BEGIN { print (w <= 2 && m <= 512) ? "met" : "NOT met" }')
    [[ $met == met ]] || status=1
    printf '%-6s %10s %10s %12s %8s\n' "$format" "$wall" "$rss" "$size" "$met"
  done
done
echo "($findings findings, $assets assets; goals: <= 2 s and <= 512 MiB per report)"
exit $status
