#!/usr/bin/env bash
# Forms benchmark (issue 6): `paicha inventory` joining 200,000 table data assets and 100,000
# file data assets to the 200 systems of a unit profile, written as XLSX and as JSON. No other
# tool fills in the notice's forms, so the figures are absolute: wall seconds and peak memory
# (GNU time).
# Usage: bench/forms.sh [BUILD_DIR]     (BENCH_TABLES / BENCH_FILES / BENCH_SYSTEMS change the size)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
paicha="$build/paicha"
[[ -x "$paicha" ]] || { echo "bench: $paicha not built (make build)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "bench: GNU time missing (scripts/install-deps.sh)" >&2; exit 2; }
tables=${BENCH_TABLES:-200000}
files=${BENCH_FILES:-100000}
systems=${BENCH_SYSTEMS:-200}
work=$(mktemp -d /tmp/paicha-bench-forms.XXXXXX)
trap 'rm -rf "$work"' EXIT

# paicha creates the store (a pii scan of an empty folder); the generator adds one pii-db and
# one pii-scan run of synthetic data assets, and the profile's systems.
mkdir "$work/empty"
"$paicha" --db "$work/bench.db" -q pii scan "$work/empty" >/dev/null
python3 - "$work" "$tables" "$files" "$systems" <<'PY'
import json, sqlite3, sys
work, tables, files, systems = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
db = sqlite3.connect(work + "/bench.db")
now = "2026-11-21T00:00:00Z"
def run(kind):
    cur = db.execute("insert into runs(kind, status, started_at, finished_at, tool_version, params)"
                     " values (?, 'done', ?, ?, 'bench', '{}')", (kind, now, now))
    return cur.lastrowid
rid = run("pii-db")
db.executemany(
    "insert into data_assets(run_id, kind, location, host, port, engine, bytes, rows, counts,"
    " category, sensitivity, measured_at) values (?, 'table', ?, ?, 3306, 'mysql', ?, ?, ?, ?, ?, ?)",
    ((rid, "mysql://10.%d.%d.%d:3306/db.t%d" % (i % 250, (i // 250) % 250, i % 50, i),
      "10.0.%d.%d" % ((i % systems) // 250, (i % systems) % 250), 65536 + i, 100 + i,
      json.dumps({"cn_id": 3} if i % 3 == 0 else {}),
      "personal" if i % 3 == 0 else "business", "sensitive" if i % 3 == 0 else "", now)
     for i in range(tables)))
fid = run("pii-scan")
db.executemany(
    "insert into data_assets(run_id, kind, location, bytes, counts, category, sensitivity,"
    " measured_at) values (?, 'file', ?, ?, ?, ?, ?, ?)",
    ((fid, "/srv/sys%d/export%d.csv" % (i % systems, i), 4096 + i,
      json.dumps({"mobile": 1} if i % 2 else {}), "personal" if i % 2 else "business",
      "ordinary" if i % 2 else "", now) for i in range(files)))
db.commit()
with open(work + "/paicha.yaml", "w") as f:
    f.write("unit: {name: 基准单位, storage: 互联网}\nsubordinates: [%s]\nsystems:\n"
            % ", ".join("直属%d" % u for u in range(5)))
    for s in range(systems):
        f.write("  - {name: 系统%d, storage: 互联网, unit: %s, databases: ['10.0.%d.%d:3306'],"
                " paths: [/srv/sys%d]}\n"
                % (s, "本级" if s % 6 == 0 else "直属%d" % (s % 5), s // 250, s % 250, s))
PY

printf '%-6s %10s %10s\n' format "wall (s)" "peak MiB"
for format in xlsx json; do
  for attempt in 1 2; do
    /usr/bin/time -v -o "$work/time.txt" "$paicha" --db "$work/bench.db" -q inventory \
      --profile "$work/paicha.yaml" -o "$work/forms.$format"
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0;
             for (i = 1; i <= n; i++) s = s * 60 + t[i]; printf "%.2f", s }' "$work/time.txt")
    rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$work/time.txt")
    printf '%-6s %10s %10s\n' "$format" "$wall" "$rss"
  done
done
python3 -c '
import json, sys
doc = json.load(open(sys.argv[1]))
rows = sum(len(g["rows"]) for g in doc["form2"]["groups"])
print("(%s table + %s file data assets, %s systems: %d Form 2 rows, %d assets measured)"
      % (sys.argv[2], sys.argv[3], sys.argv[4], rows, doc["measured"]["data_assets"]))
' "$work/forms.json" "$tables" "$files" "$systems"
