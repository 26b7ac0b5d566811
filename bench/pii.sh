#!/usr/bin/env bash
# Benchmark of `paicha pii scan` against ripgrep on a generated CSV (tools/corpus).
#
#   bench/pii.sh                 # >= 250 MB CSV, UTF-8 and GB18030 copies
#   BENCH_MB=2048 bench/pii.sh   # a 2 GB file, for the peak-memory goal
#   PAICHA=build/paicha WRITE_DOCS=1 bench/pii.sh   # also update docs/BENCHMARKS.md
#
# Prints paicha's MB/s (median of BENCH_RUNS=5 runs), paicha's time / ripgrep's time, and peak
# memory (/usr/bin/time -v).
set -euo pipefail
cd "$(dirname "$0")/.."
PAICHA=${PAICHA:-build/paicha}
BENCH_MB=${BENCH_MB:-260}
WORK=${WORK:-/tmp/paicha-bench-pii}
PY=/usr/bin/python3  # Debian's python3, which has python3-stdnum
mkdir -p "$WORK"
[ -x "$PAICHA" ] || { echo "bench/pii.sh: $PAICHA not built" >&2; exit 2; }
command -v rg >/dev/null || { echo "bench/pii.sh: ripgrep (rg) not installed" >&2; exit 2; }

# A 30 MB generated seed, repeated (without its header) up to the wanted size.
if [ ! -s "$WORK/seed.csv" ]; then
  "$PY" tools/corpus/gen_pii_corpus.py --rows 200000 --no-labels --out "$WORK" --name seed >/dev/null
fi
BIG="$WORK/pii-${BENCH_MB}M.csv"
if [ ! -s "$BIG" ]; then
  seed_bytes=$(stat -c %s "$WORK/seed.csv")
  copies=$(( (BENCH_MB * 1024 * 1024 + seed_bytes - 1) / seed_bytes ))
  { cat "$WORK/seed.csv"; for _ in $(seq 2 "$copies"); do tail -n +2 "$WORK/seed.csv"; done; } > "$BIG"
fi
bytes=$(stat -c %s "$BIG")
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1048576 }')

# Warm the page cache so both tools read from memory.
cat "$BIG" > /dev/null
load=$(cut -d' ' -f1 /proc/loadavg)

measure() {  # measure NAME CMD... -> sets SECS and RSS_MB; output of CMD to $WORK/NAME.out
  local name=$1; shift
  /usr/bin/time -v -o "$WORK/$name.time" "$@" > "$WORK/$name.out"
  SECS=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0;
           for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$WORK/$name.time")
  RSS_MB=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$WORK/$name.time")
  CPU=$(awk -F': ' '/User time|System time/ { s += $2 } END { printf "%.2f", s }' "$WORK/$name.time")
}

# paicha takes well under a second here, so one run is at the mercy of the machine: the
# median of BENCH_RUNS runs (wall and CPU time; peak memory is the largest).
runs=${BENCH_RUNS:-5}
walls=(); cpus=(); p_rss=0
for _ in $(seq "$runs"); do
  measure paicha "$PAICHA" -q --no-progress pii scan "$BIG" --format json
  walls+=("$SECS"); cpus+=("$CPU")
  p_rss=$(awk -v a="$p_rss" -v b="$RSS_MB" 'BEGIN { print (b > a ? b : a) }')
done
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
p_secs=$(median "${walls[@]}"); p_cpu=$(median "${cpus[@]}")
# The same four types with ripgrep: ID, mobile, card and email as one regex union.
RG_RE='[1-9][0-9]{16}[0-9Xx]|1[3-9][0-9]{9}|[3-9][0-9]{15,18}|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}'
measure rg rg -o --count-matches -e "$RG_RE" "$BIG"
r_secs=$SECS; r_rss=$RSS_MB; r_cpu=$CPU

counts=$("$PY" -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["totals"], sort_keys=True))' "$WORK/paicha.out")
mbps=$(awk -v m="$mb" -v s="$p_secs" 'BEGIN { printf "%.0f", m / s }')
decimal_mbps=$(awk -v b="$bytes" -v s="$p_secs" 'BEGIN { printf "%.0f", b / 1e6 / s }')
ratio=$(awk -v p="$p_secs" -v r="$r_secs" 'BEGIN { printf "%.2f", p / r }')
threads=$(nproc)

gbk_line="(skipped for BENCH_MB > 1024)"
if [ "$BENCH_MB" -le 1024 ]; then
  GBK="$WORK/pii-${BENCH_MB}M.gbk.csv"
  [ -s "$GBK" ] || iconv -f UTF-8 -t GB18030 "$BIG" > "$GBK"
  measure paicha-gbk "$PAICHA" -q --no-progress pii scan "$GBK" --format json
  gbk_counts=$("$PY" -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["totals"], sort_keys=True))' "$WORK/paicha-gbk.out")
  if [ "$gbk_counts" = "$counts" ]; then same=yes; else same=NO; fi
  gbk_line="GB18030 copy: ${SECS}s, peak ${RSS_MB} MiB, same counts as UTF-8: $same"
fi

report=$(cat <<REPORT
File: generated CSV, ${mb} MiB (tools/corpus/gen_pii_corpus.py, every row full of personal data), ${threads} cores, load average before the run: ${load}.

| tool | wall time (s) | MiB/s | CPU time (s) | MiB per CPU-second | peak memory (MiB) |
| --- | --- | --- | --- | --- | --- |
| paicha pii scan (12 types, validated; median of ${runs} runs) | ${p_secs} | ${mbps} | ${p_cpu} | $(awk -v m="$mb" -v s="$p_cpu" 'BEGIN { printf "%.0f", m / s }') | ${p_rss} |
| rg -o --count-matches (regex union: ID, mobile, card, email; no validation) | ${r_secs} | $(awk -v m="$mb" -v s="$r_secs" 'BEGIN { printf "%.0f", m / s }') | ${r_cpu} | $(awk -v m="$mb" -v s="$r_cpu" 'BEGIN { printf "%.0f", m / s }') | ${r_rss} |

paicha: **${decimal_mbps} MB/s** (${mbps} MiB/s; wall times of the runs: ${walls[*]}). paicha time / ripgrep time: **${ratio}**. ${gbk_line}.
paicha totals: \`${counts}\`
REPORT
)
echo "$report"

if [ "${WRITE_DOCS:-0}" = 1 ]; then
  doc=docs/BENCHMARKS.md
  [ -f "$doc" ] || printf '# Benchmarks\n' > "$doc"
  "$PY" - "$doc" "$report" "$BENCH_MB" <<'PYEOF'
import re, sys
path, body, size = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(path, encoding="utf-8").read()
section = f"## pii scan\n\nMeasured by `bench/pii.sh` (BENCH_MB={size}).\n\n{body}\n"
pattern = re.compile(r"^## pii scan\n.*?(?=^## |\Z)", re.S | re.M)
text = pattern.sub(section + "\n", text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
open(path, "w", encoding="utf-8").write(text)
PYEOF
  echo "updated $doc"
fi
