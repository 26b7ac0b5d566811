#!/usr/bin/env bash
# discover's command line on a real build: usage errors name the culprit and exit 2, help exists
# in both languages, and an interrupted run resumes without probing finished hosts again.
# Usage: tests/integration/10_discover_cli.sh BUILD_DIR
set -euo pipefail
build=$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)
paicha="$build/paicha"
work=$(mktemp -d /tmp/paicha-it-cli.XXXXXX)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# 1. A bad target names the token and its position, exit status 2.
set +e
"$paicha" --db "$work/a.db" --lang en discover 127.0.0.1 10.0.0.300 >"$work/out" 2>"$work/err"
status=$?
set -e
[[ $status -eq 2 ]] || fail "bad target: exit $status, want 2"
grep -q '10.0.0.300' "$work/err" || fail "bad target: message does not name the token: $(cat "$work/err")"
grep -q '#2' "$work/err" || fail "bad target: message does not give the position: $(cat "$work/err")"

set +e
"$paicha" --db "$work/a.db" discover 127.0.0.1 -p 70000 >"$work/out" 2>"$work/err"
status=$?
set -e
[[ $status -eq 2 ]] || fail "bad port: exit $status, want 2"
grep -q '70000' "$work/err" || fail "bad port: message does not name it: $(cat "$work/err")"

# 2. Help in Chinese by default and English with --lang en, for every subcommand present.
"$paicha" discover --help | grep -q '目标' || fail "discover --help is not Chinese by default"
"$paicha" --lang en discover --help | grep -q 'targets' || fail "discover --help --lang en"
"$paicha" --help | grep -q '退出状态' || fail "top-level help lacks the exit status"

# 3. Ctrl-C then --resume. A rate-limited sweep of 4096 hosts x 2 ports takes ~4 s; interrupt it
#    after ~1 s, then resume. The resumed run must scan only the hosts not yet done and end
#    with the same assets as an uninterrupted run.
redis_port=16479
redis-server --port $redis_port --bind 127.0.0.1 --save '' --appendonly no --dir "$work" \
  --daemonize yes --pidfile "$work/redis.pid" >/dev/null
trap 'kill "$(cat "$work/redis.pid" 2>/dev/null)" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do (exec 3<>/dev/tcp/127.0.0.1/$redis_port) 2>/dev/null && break; sleep 0.1; done

"$paicha" --db "$work/full.db" --lang en -q discover 127.0.0.0/20 -p $redis_port,1 \
  --format json -o "$work/full.json"

"$paicha" --db "$work/r.db" --lang en --no-progress discover 127.0.0.0/20 -p $redis_port,1 \
  --rate 2000 --format json -o "$work/part.json" 2>"$work/part.err" &
pid=$!
sleep 1.2
kill -INT $pid
set +e
wait $pid
status=$?
set -e
[[ $status -eq 130 ]] || fail "interrupted run: exit $status, want 130 ($(cat "$work/part.err"))"
grep -q -- '--resume' "$work/part.err" || fail "interrupted run does not say how to resume"
done_before=$(sqlite3 "$work/r.db" "select json_extract(checkpoint,'\$.watermark') + json_array_length(json_extract(checkpoint,'\$.done')) from runs")
status_before=$(sqlite3 "$work/r.db" "select status from runs")
[[ $status_before == interrupted ]] || fail "run status after Ctrl-C is '$status_before'"
(( done_before > 0 && done_before < 4096 )) || fail "checkpoint after Ctrl-C covers $done_before hosts"

"$paicha" --db "$work/r.db" --lang en discover --resume --format json -o "$work/resumed.json" \
  2>"$work/resumed.err"
scanned=$(grep -o 'scanned [0-9]* hosts' "$work/resumed.err" | grep -o '[0-9]*')
(( scanned + done_before == 4096 )) ||
  fail "resume scanned $scanned hosts after $done_before were done; want $((4096 - done_before))"
[[ $(sqlite3 "$work/r.db" "select count(*) from runs") -eq 1 ]] || fail "resume created a new run"
[[ $(sqlite3 "$work/r.db" "select status from runs") == done ]] || fail "resumed run not done"

python3 - "$work/full.json" "$work/resumed.json" <<'PY'
import json, sys
full, resumed = (json.load(open(p)) for p in sys.argv[1:3])
key = lambda a: (a["host"], a["port"], a["service"], a["product"])
f, r = sorted(map(key, full["assets"])), sorted(map(key, resumed["assets"]))
if f != r or not f:
    sys.exit(f"FAIL: assets differ: full={f} resumed={r}")
PY

# 4. Scans a unit already has: nmap XML and masscan JSON imports probe only the listed ports.
cat >"$work/scan.xml" <<XML
<?xml version="1.0" encoding="UTF-8"?>
<nmaprun scanner="nmap" args="nmap -oX scan.xml 127.0.0.1" version="7.93" xmloutputversion="1.05">
<host><status state="up" reason="syn-ack"/><address addr="127.0.0.1" addrtype="ipv4"/>
<ports><port protocol="tcp" portid="$redis_port"><state state="open" reason="syn-ack"/></port>
<port protocol="tcp" portid="1"><state state="closed" reason="conn-refused"/></port></ports></host>
</nmaprun>
XML
printf '[\n{"ip": "127.0.0.1", "timestamp": "1700000000", "ports": [ {"port": %s, "proto": "tcp", "status": "open", "reason": "syn-ack", "ttl": 64} ] },\n]\n' \
  "$redis_port" >"$work/masscan.json"
for import in "--import-nmap $work/scan.xml" "--import-masscan $work/masscan.json"; do
  # shellcheck disable=SC2086
  "$paicha" --db "$work/i.db" --lang en -q discover $import --format csv -o "$work/import.csv"
  grep -q ",$redis_port,redis,Redis," "$work/import.csv" || fail "$import: redis not found: $(cat "$work/import.csv")"
  [[ $(wc -l <"$work/import.csv") -eq 2 ]] || fail "$import: probed more than the imported port"
done

# 5. Nothing left to resume is a usage error.
set +e
"$paicha" --db "$work/r.db" discover --resume >/dev/null 2>"$work/err"
status=$?
set -e
[[ $status -eq 2 ]] || fail "--resume with nothing to resume: exit $status, want 2"
echo "ok: discover CLI (usage errors, help, interrupt and resume)"
