#!/usr/bin/env bash
# Store robustness for 60_lifecycle.sh: kill -9 in the middle of an audit loses nothing that was
# committed and `audit --resume` ends with the findings of an uninterrupted run; two paicha
# processes (two audits and a stream of `findings note`) writing one store lose no write and
# leave it intact. Audits here only read the shared testenv servers.
# Usage: lifecycle_robustness.sh BUILD_DIR WORK_DIR
set -euo pipefail
build=$1 work=$2
: "${PAICHA_TE_REDIS_AUTH_PORT:?run through scripts/run-tests.sh (testenv variables)}"
P=("$build/paicha" --lang en -q --no-progress)
fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "  ok $*"; }
sql() { python3 -c 'import sqlite3, sys; db = sqlite3.connect(sys.argv[1]); db.execute("PRAGMA busy_timeout = 10000")
for row in db.execute(sys.argv[2]): print(*row)' "$@"; }

echo "kill -9 during an audit, then --resume"
ports=$PAICHA_TE_REDIS_AUTH_PORT,$PAICHA_TE_POSTGRES_SCRAM_PORT,$PAICHA_TE_MARIADB_SECURE_PORT,$PAICHA_TE_REDIS_OPEN_PORT,$PAICHA_TE_SSHD_ALT_PORT
slow=(audit 127.0.0.1 -p "$ports" --pace 300 --max-attempts 3 --guess-concurrency 1)
"${P[@]}" --db "$work/reference.db" "${slow[@]}" >/dev/null
"${P[@]}" --db "$work/killed.db" "${slow[@]}" >/dev/null 2>&1 &
pid=$!
committed=""
for _ in {1..600}; do
  sleep 0.1
  kill -0 "$pid" 2>/dev/null || fail "the audit finished before it could be interrupted"
  [[ -f $work/killed.db ]] || continue
  n=$(sql "$work/killed.db" "SELECT count(*) FROM assets WHERE checked_at IS NOT NULL" 2>/dev/null || echo 0)
  if ((n >= 1)); then
    committed=$(sql "$work/killed.db" "SELECT fingerprint FROM findings ORDER BY 1")
    kill -9 "$pid"
    break
  fi
done
wait "$pid" 2>/dev/null || true
[[ -n $committed ]] || fail "no asset was checked before the time limit"
total=$(sql "$work/killed.db" "SELECT count(*) FROM assets")
checked=$(sql "$work/killed.db" "SELECT count(*) FROM assets WHERE checked_at IS NOT NULL")
((checked < total)) || fail "the kill came too late: all $total assets were checked"
after=$(sql "$work/killed.db" "SELECT fingerprint FROM findings ORDER BY 1")
for fp in $committed; do grep -qx "$fp" <<<"$after" || fail "committed finding $fp lost by kill -9"; done
ok "killed with $checked of $total assets checked; the $(wc -w <<<"$committed") committed findings survived"
"${P[@]}" --db "$work/killed.db" audit --resume >/dev/null
[[ $(sql "$work/killed.db" "SELECT status, classified_at IS NOT NULL FROM runs") == "done 1" ]] ||
  fail "the resumed run is not done and classified"
diff <(sql "$work/reference.db" "SELECT fingerprint FROM findings ORDER BY 1") \
  <(sql "$work/killed.db" "SELECT fingerprint FROM findings ORDER BY 1") ||
  fail "resumed run's findings differ from an uninterrupted run's"
diff <(sql "$work/reference.db" "SELECT fingerprint, status FROM tracked_findings ORDER BY 1") \
  <(sql "$work/killed.db" "SELECT fingerprint, status FROM tracked_findings ORDER BY 1") ||
  fail "resumed run's classification differs"
ok "--resume finished: $(sql "$work/killed.db" "SELECT count(*) FROM findings") findings, same as an uninterrupted run"

echo "two processes writing one store"
db=$work/concurrent.db
"${P[@]}" --db "$db" audit 127.0.0.1 -p "$PAICHA_TE_REDIS_OPEN_PORT" --pace 0 >/dev/null
id=$(sql "$db" "SELECT fingerprint FROM tracked_findings LIMIT 1")
"${P[@]}" --db "$db" audit 127.0.0.1 -p "$PAICHA_TE_REDIS_OPEN_PORT,$PAICHA_TE_POSTGRES_TRUST_PORT" --pace 0 --max-attempts 2 >/dev/null &
a=$!
"${P[@]}" --db "$db" audit 127.0.0.1 -p "$PAICHA_TE_MEMCACHED_OPEN_PORT,$PAICHA_TE_MARIADB_ANON_PORT" --pace 0 --max-attempts 2 >/dev/null &
b=$!
notes=0
for i in $(seq 1 40); do
  "${P[@]}" --db "$db" findings note "$id" "concurrent note $i" && notes=$((notes + 1))
done
rc_a=0 rc_b=0
wait "$a" || rc_a=$?
wait "$b" || rc_b=$?
[[ $rc_a == 0 && $rc_b == 0 && $notes == 40 ]] || fail "exit statuses: audits $rc_a $rc_b, $notes of 40 notes"
[[ $(sql "$db" "PRAGMA integrity_check") == ok ]] || fail "integrity_check"
[[ $(sql "$db" "SELECT count(*) FROM finding_events WHERE action = 'note'") == 40 ]] || fail "note events lost"
[[ $(sql "$db" "SELECT count(*) FROM runs WHERE status = 'done' AND classified_at IS NOT NULL") == 3 ]] ||
  fail "runs not all done and classified"
for port in "$PAICHA_TE_POSTGRES_TRUST_PORT" "$PAICHA_TE_MARIADB_ANON_PORT"; do
  [[ $(sql "$db" "SELECT count(*) FROM tracked_findings WHERE port = $port") -gt 0 ]] ||
    fail "no tracked findings from the concurrent audit of port $port"
done
ok "2 audits and 40 notes at once: all written, integrity_check ok"

echo "Ctrl-C during verify, then verify --resume"
# The reference audit left open findings on the slow ports; verify re-checks them with that
# audit's options (pace 300 ms, one login at a time), so there is time to interrupt it.
db=$work/verify-resume.db
cp "$work/reference.db" "$db"
"$build/paicha" --lang en --no-progress --db "$db" verify >/dev/null 2>"$work/verify-int.err" &
pid=$!
for _ in {1..600}; do
  sleep 0.1
  kill -0 "$pid" 2>/dev/null || fail "verify finished before it could be interrupted"
  n=$(sql "$db" "SELECT count(*) FROM assets a JOIN runs r ON r.id = a.run_id
                 WHERE r.kind = 'verify' AND a.checked_at IS NOT NULL" 2>/dev/null || echo 0)
  ((n >= 1)) && break
done
kill -INT "$pid"
rc=0
wait "$pid" || rc=$?
[[ $rc == 130 ]] || fail "interrupted verify exited $rc, expected 130"
grep -q 'paicha verify --resume' "$work/verify-int.err" || fail "interrupted verify does not say how to resume"
[[ $(sql "$db" "SELECT status FROM runs WHERE kind = 'verify'") == interrupted ]] ||
  fail "the interrupted verify run is not marked interrupted"
"${P[@]}" --db "$db" verify --resume >/dev/null
[[ $(sql "$db" "SELECT count(*) || ' ' || min(status) FROM runs WHERE kind = 'verify'") == "1 done" ]] ||
  fail "verify --resume did not finish the same run"
unchecked=$(sql "$db" "SELECT count(*) FROM assets a JOIN runs r ON r.id = a.run_id
                       WHERE r.kind = 'verify' AND a.checked_at IS NULL")
[[ $unchecked == 0 ]] || fail "$unchecked endpoints left unchecked after verify --resume"
probed=$(sql "$db" "SELECT group_concat(port) FROM (SELECT DISTINCT a.port FROM assets a
                    JOIN runs r ON r.id = a.run_id WHERE r.kind = 'verify' ORDER BY 1)")
expected=$(sql "$db" "SELECT group_concat(port) FROM (SELECT DISTINCT port FROM tracked_findings
                      WHERE status IN ('new', 'open', 'reopened') ORDER BY 1)")
[[ $probed == "$expected" ]] || fail "verify --resume probed ports $probed, open findings are on $expected"
"${P[@]}" --db "$db" verify --resume >/dev/null 2>&1 && fail "a second verify --resume found a run to resume"
ok "verify interrupted by Ctrl-C, finished by verify --resume in the same run on the same endpoints"
