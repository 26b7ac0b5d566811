#!/usr/bin/env bash
# End-to-end checks of `paicha pii scan` and `paicha mask` with the real binary:
# accuracy on a generated labelled corpus (UTF-8 and GB18030), output formats, exit codes,
# mode 0600 results, and the mask round trip (a scan of the masked copy finds nothing).
#   tests/integration/35_pii_scan.sh BUILD_DIR      (or PAICHA=path/to/paicha)
set -uo pipefail
if [[ -n ${1:-} ]]; then PAICHA=$(cd "$1" && pwd)/paicha; fi
cd "$(dirname "$0")/../.."
PAICHA=${PAICHA:-build/paicha}
PY=/usr/bin/python3
WORK=$(mktemp -d /tmp/paicha-pii-it.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else fail "$name"; fi; }

# Accuracy: precision and recall per type >= 0.999 for the checksummed types, GBK == UTF-8.
"$PY" tools/corpus/gen_pii_corpus.py --rows 3000 --out "$WORK/corpus" >/dev/null
check "accuracy on the labelled corpus" "$PY" tools/corpus/accuracy.py --paicha "$PAICHA" "$WORK/corpus"

# Formats and the result file's mode.
mkdir -p "$WORK/small"
printf '姓名,身份证号,手机\n张三,11010519491231002X,13812345678\n' > "$WORK/small/a.csv"
printf '{"name": "王小明", "password": "hunter22", "ip": "10.1.2.3"}\n' > "$WORK/small/b.json"
"$PAICHA" -q pii scan "$WORK/small" --format json -o "$WORK/out.json"
check "exit 0 and JSON written" test -s "$WORK/out.json"
check "result file has mode 0600" test "$(stat -c %a "$WORK/out.json")" = 600
check "JSON totals" "$PY" -c '
import json, sys
r = json.load(open(sys.argv[1]))
t = r["totals"]
assert t == {"cn_id": 1, "mobile": 1, "name": 2, "password": 1, "ipv4": 1}, t
assert {f["path"].split("/")[-1] for f in r["files"]} >= {"a.csv", "b.json"}
' "$WORK/out.json"
"$PAICHA" -q pii scan "$WORK/small/a.csv" --format csv > "$WORK/out.csv"
check "CSV has a totals row" grep -q '^(totals),' "$WORK/out.csv"
"$PAICHA" -q pii scan "$WORK/small/a.csv" --locations > "$WORK/out.txt"
check "table shows masked samples only" bash -c "grep -q '138\*\*\*\*5678' '$WORK/out.txt' && ! grep -q 13812345678 '$WORK/out.txt'"

# Exit codes.
"$PAICHA" -q pii scan "$WORK" --types cn_id,bogus >/dev/null 2>&1
check "unknown type is a usage error (2)" test $? -eq 2
"$PAICHA" -q pii scan "$WORK" --max-size 12Q >/dev/null 2>&1
check "bad size is a usage error (2)" test $? -eq 2
"$PAICHA" -q pii >/dev/null 2>&1
check "pii without subcommand is a usage error (2)" test $? -eq 2

# Mask round trip on CSV, JSON and the GB18030 copy of the corpus.
for f in "$WORK/small/a.csv" "$WORK/small/b.json" "$WORK/corpus/pii.csv" "$WORK/corpus/pii.gbk.csv" "$WORK/corpus/pii.log"; do
  base=$(basename "$f")
  "$PAICHA" -q mask "$f" -o "$WORK/masked-$base"
  total=$("$PAICHA" -q pii scan "$WORK/masked-$base" --format json |
          "$PY" -c 'import json,sys; print(sum(json.load(sys.stdin)["totals"].values()))')
  check "mask round trip finds nothing in $base" test "$total" = 0
  check "masked $base keeps its line count" test "$(wc -l < "$f")" = "$(wc -l < "$WORK/masked-$base")"
done
check "masked GB18030 copy stays GB18030" bash -c \
  "iconv -f GB18030 -t UTF-8 '$WORK/masked-pii.gbk.csv' | cmp -s - '$WORK/masked-pii.csv'"

# Every scanned file is kept as a data asset in the store (for the inventory forms).
"$PAICHA" -q --db "$WORK/store.db" pii scan "$WORK/small" --format json -o "$WORK/stored.json"
check "files stored as data assets" test "$(sqlite3 "$WORK/store.db" \
  "select count(*) from data_assets where category = 'personal' and sensitivity = 'sensitive'")" -ge 1

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
