#!/usr/bin/env bash
# `paicha verify` against a full `paicha audit` (issue: the rectification loop). Audits the
# running testenv services on 127.0.0.1 (default port profile -p db), then re-checks the open
# findings with `verify`, which probes only their host:port. Prints both wall times, the
# endpoints each one probed, and the ratio verify / audit (goal: < 1; verify is what a unit runs
# after every fix). There is no peer tool for this: the reference is paicha's own full audit.
# Twice: with every finding open (verify re-checks every service that has one), and after
# accepting all but the Redis ones (the unit fixed one service: verify re-checks that one).
# Usage: bench/verify.sh [BUILD_DIR]     (needs scripts/testenv/start.sh to have run)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
paicha="$build/paicha"
[[ -x "$paicha" ]] || { echo "bench: $paicha not built (make build)" >&2; exit 2; }
te=${PAICHA_TESTENV_DIR:-/tmp/paicha-testenv}
[[ -f "$te/instances.tsv" ]] || { echo "bench: start the testenv first" >&2; exit 2; }
work=$(mktemp -d /tmp/paicha-bench-verify.XXXXXX)
trap 'rm -rf "$work"' EXIT
P=("$paicha" --db "$work/s.db" -q --no-progress)
seconds() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null || true; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
count_all() { python3 -c 'import sqlite3, sys; [print(*r) for r in sqlite3.connect(sys.argv[1]).execute(sys.argv[2])]' "$work/s.db" "$1"; }
audit=$(seconds "${P[@]}" audit 127.0.0.1)
verify=$(seconds "${P[@]}" verify)
count() { python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$work/s.db" "$1"; }
open=$(count "SELECT count(*) FROM tracked_findings WHERE status IN ('new','open','reopened')")
a_eps=$(count "SELECT count(*) FROM assets WHERE run_id = 1")
v_eps=$(count "SELECT count(*) FROM assets WHERE run_id = 2")
echo "paicha audit 127.0.0.1 (-p db): ${audit}s, $a_eps services found and checked"
echo "paicha verify ($open open findings): ${verify}s, $v_eps services re-checked"
echo "ratio verify / audit: $(echo "scale=2; $verify / $audit" | bc)"
redis=${PAICHA_TE_REDIS_OPEN_PORT:-6379}
for id in $(count_all "SELECT fingerprint FROM tracked_findings WHERE port <> $redis AND status <> 'fixed'"); do
  "${P[@]}" findings accept "$id" --reason benchmark --until 2999-12-31
done
verify1=$(seconds "${P[@]}" verify)
v1_eps=$(count "SELECT count(*) FROM assets WHERE run_id = 3")
echo "paicha verify (only port $redis open): ${verify1}s, $v1_eps service re-checked"
echo "ratio verify (one service) / audit: $(echo "scale=2; $verify1 / $audit" | bc)"
