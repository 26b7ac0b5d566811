#!/usr/bin/env bash
# The rectification loop (整改闭环) as a unit lives through it, on real servers that this script
# owns (their configuration changes during the test): audit → new; audit again → open; fix →
# `paicha verify` → fixed; break again → audit → reopened. For a Redis without a password, a
# PostgreSQL with trust authentication and a MariaDB anonymous user. Then findings
# show/assign/accept, diff, the XLSX ledger printed through LibreOffice, --fail-on, a
# kill -9 in the middle of an audit with --resume, and two processes writing one store.
# Usage: tests/integration/60_lifecycle.sh BUILD_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
build=$(cd "${1:?usage: $0 BUILD_DIR}" && pwd)
OWN_WORK=$(mktemp -d /tmp/paicha-it-life.XXXXXX)
chmod 755 "$OWN_WORK"  # the postgres OS user needs to reach its data directory
# shellcheck source=lib/own_servers.sh
. "$here/lib/own_servers.sh"
trap 'own_servers_stop; rm -rf "$OWN_WORK"' EXIT
work=$OWN_WORK
P=("$build/paicha" --lang en -q --no-progress)
PZ=("$build/paicha" --lang zh -q --no-progress)  # the ledger as filed: Chinese

fail() { echo "FAIL: $*" >&2; exit 1; }
ok() { echo "  ok $*"; }

# finding DB RULE PORT FIELD: a field of the tracked finding (status, id, unverified, ...).
finding() {
  "${P[@]}" --db "$1" findings list --format json | python3 -c '
import json, sys
rule, port, field = sys.argv[1], int(sys.argv[2]), sys.argv[3]
hits = [f for f in json.load(sys.stdin)["findings"] if f["rule"] == rule and f["port"] == port]
print(str(hits[0][field]).lower() if hits else "absent")' "$2" "$3" "$4"
}

expect_status() {  # DB RULE PORT WANT STEP
  local got
  got=$(finding "$1" "$2" "$3" status)
  [[ $got == "$4" ]] || fail "$5: $2 on port $3 is '$got', expected '$4'"
  ok "$5: $2 → $4"
}

# loop NAME PORT RULE FIX BREAK [audit options...]: the four steps of the scenario.
loop() {
  local name=$1 port=$2 rule=$3 fix=$4 break=$5
  shift 5
  local db=$work/$name.db rc
  local audit=("${P[@]}" --db "$db" audit 127.0.0.1 -p "$port" --pace 0 --max-attempts 2 "$@")
  rc=0
  "${audit[@]}" --format json --fail-on high >"$work/$name-1.json" || rc=$?
  [[ $rc == 1 ]] || fail "$name: audit --fail-on high exited $rc with an open $rule"
  expect_status "$db" "$rule" "$port" new "$name step 1 (audit)"
  "${audit[@]}" >/dev/null
  expect_status "$db" "$rule" "$port" open "$name step 2 (audit again)"
  # Without a fix, verify must not call it fixed.
  "${P[@]}" --db "$db" verify >/dev/null
  expect_status "$db" "$rule" "$port" open "$name verify before fixing"
  "$fix"
  "${P[@]}" --db "$db" verify --format json >"$work/$name-verify.json"
  expect_status "$db" "$rule" "$port" fixed "$name step 3 (fix, verify)"
  [[ $(finding "$db" "$rule" "$port" unverified) == false ]] || fail "$name: fixed but unverified"
  # verify probed only the endpoints of open findings: this one port.
  python3 - "$db" "$port" <<'PY' || fail "$name: verify probed other endpoints"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
run = db.execute("SELECT max(id) FROM runs WHERE kind = 'verify'").fetchone()[0]
ports = {p for (p,) in db.execute("SELECT port FROM assets WHERE run_id = ?", (run,))}
sys.exit(0 if ports == {int(sys.argv[2])} else 1)
PY
  "$break"
  "${audit[@]}" >/dev/null || true
  expect_status "$db" "$rule" "$port" reopened "$name step 4 (break again, audit)"
}

echo "Redis without a password"
redis_port=$(own_free_port)
own_redis "$redis_port"
redis_pw=$(own_random_password)
redis_fix() { printf 'CONFIG SET requirepass %s\n' "$redis_pw" | redis-cli -p "$redis_port" >/dev/null; }
redis_break() { printf 'CONFIG SET requirepass ""\n' | REDISCLI_AUTH=$redis_pw redis-cli --no-auth-warning -p "$redis_port" >/dev/null; }
loop redis "$redis_port" redis.unauthorized_access redis_fix redis_break
db=$work/redis.db

# History, assignment, accepted risk, filters, --fail-on of findings list.
id=$(finding "$db" redis.unauthorized_access "$redis_port" id)
"${P[@]}" --db "$db" findings show "${id:0:6}" --format json >"$work/show.json"
python3 - "$work/show.json" <<'PY' || fail "findings show: history incomplete"
import json, sys
actions = [e["action"] for e in json.load(open(sys.argv[1]))["history"]]
sys.exit(0 if actions[:4] == ["detected", "seen", "fixed", "reopened"] else print(actions) or 1)
PY
ok "findings show: history detected → seen → fixed → reopened"
PAICHA_ACTOR=tester "${P[@]}" --db "$db" findings assign "$id" --department 信息中心 --owner 张三 --due 2000-01-31
[[ $("${P[@]}" --db "$db" findings list --overdue --owner 张三 --format json | grep -c "\"$id\"") == 1 ]] ||
  fail "assigned finding with a past deadline is not listed as overdue"
[[ $("${P[@]}" --db "$db" findings list --owner 李四 --format json | grep -c "\"$id\"") == 0 ]] ||
  fail "owner filter lists another owner's finding"
ok "assign: overdue and owner filters"
unauth=(findings list --category unauthorized_access --fail-on critical)
rc=0; "${P[@]}" --db "$db" "${unauth[@]}" >/dev/null || rc=$?
[[ $rc == 1 ]] || fail "findings list --fail-on critical exited $rc with a reopened critical finding"
"${P[@]}" --db "$db" findings accept "$id" --reason "isolated test network" --until 2999-12-31
expect_status "$db" redis.unauthorized_access "$redis_port" accepted "accept"
rc=0; "${P[@]}" --db "$db" "${unauth[@]}" >/dev/null || rc=$?
[[ $rc == 0 ]] || fail "findings list --fail-on critical exited $rc with the critical finding accepted"
ok "accept: the accepted risk no longer fails --fail-on critical"
rc=0; "${P[@]}" --db "$db" findings accept "$id" --reason x --until 2026-02-30 2>"$work/err" || rc=$?
[[ $rc == 2 ]] || fail "an invalid --until date exited $rc"
rc=0; "${P[@]}" --db "$db" findings show ffffffffff 2>"$work/err" || rc=$?
[[ $rc == 2 ]] && grep -q ffffffffff "$work/err" || fail "unknown id: exit $rc, message $(cat "$work/err")"
ok "usage errors name the id / date"

# diff: run 3 (verify) fixed it, run 4 (audit) brought it back.
python3 - "$db" <<'PY' >"$work/runs" || fail "unexpected runs"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
print(" ".join(str(r) for (r,) in db.execute("SELECT id FROM runs ORDER BY id")))
PY
read -r r1 r2 r3 r4 r5 <"$work/runs"
"${P[@]}" --db "$db" diff "$r2" "$r4" --format json >"$work/diff24.json"
"${P[@]}" --db "$db" diff "$r4" "$r5" --format json >"$work/diff45.json"
python3 - "$work/diff24.json" "$work/diff45.json" "$id" <<'PY' || fail "diff"
import json, sys
d24, d45, fid = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
assert fid in [f["id"] for f in d24["fixed"]], d24
assert fid in [f["id"] for f in d45["came_back"]], d45
assert fid not in [f["id"] for f in d45["appeared"]], d45
PY
ok "diff: fixed by the verify run, came back in the next audit (runs $r1..$r5)"

# The ledger, printed: headers and the finding's values survive into the PDF.
"${PZ[@]}" --db "$db" ledger -o "$work/整改台账.xlsx" --unit 测试单位
[[ $(stat -c %a "$work/整改台账.xlsx") == 600 ]] || fail "ledger file mode is not 0600"
mkdir -p "$work/lo-home"
HOME=$work/lo-home soffice -env:UserInstallation="file://$work/lo-profile" --headless \
  --convert-to pdf --outdir "$work" "$work/整改台账.xlsx" >/dev/null 2>&1
pdftotext -layout "$work/整改台账.pdf" "$work/ledger.txt"
for text in 序号 问题描述 风险等级 资产 发现时间 责任部门/责任人 整改措施 整改期限 整改状态 验证时间 备注 \
  "127.0.0.1:$redis_port" 信息中心/张三 2000-01-31 已接受风险 测试单位; do
  grep -qF "$text" "$work/ledger.txt" || fail "ledger PDF lacks '$text'"
done
[[ $(pdfinfo "$work/整改台账.pdf" | awk '/Page size/ { print ($3 > $5) ? "landscape" : "portrait" }') == landscape ]] ||
  fail "ledger is not landscape"
ok "ledger: XLSX → PDF has the 11 headers and the finding's values, landscape"
"${PZ[@]}" --db "$db" ledger --format csv -o "$work/ledger.csv"
head -1 "$work/ledger.csv" | grep -q '^序号,问题描述,风险等级,资产,发现时间,责任部门/责任人,整改措施,整改期限,整改状态,验证时间,备注' ||
  fail "ledger CSV header"
ok "ledger: CSV"

echo "PostgreSQL trust authentication"
pg_port=$(own_free_port)
own_postgres "$pg_port"
pg_fix() { own_pg_hba "$pg_port" scram-sha-256; }
pg_break() { own_pg_hba "$pg_port" trust; }
loop postgres "$pg_port" postgresql.trust_auth pg_fix pg_break

echo "MariaDB anonymous user"
my_port=$(own_free_port)
own_mariadb "$my_port"
my_pw=$(own_random_password)
own_mariadb_sql "$my_port" <<SQL
DELETE FROM mysql.global_priv WHERE User = '' OR (User = 'root' AND Host <> 'localhost');
FLUSH PRIVILEGES;
ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket;
CREATE USER 'paicha_audit'@'127.0.0.1' IDENTIFIED BY '$my_pw';
GRANT SELECT, PROCESS ON *.* TO 'paicha_audit'@'127.0.0.1';
CREATE USER ''@'%';
SQL
umask 077
printf '[{"service": "mysql", "host": "127.0.0.1", "port": %s, "user": "paicha_audit", "password": "%s"}]\n' \
  "$my_port" "$my_pw" >"$work/mariadb-creds.yaml"
my_fix() { echo "DROP USER ''@'%';" | own_mariadb_sql "$my_port"; }
my_break() { echo "CREATE USER ''@'%';" | own_mariadb_sql "$my_port"; }
loop mariadb "$my_port" mysql.anonymous_user my_fix my_break --creds "$work/mariadb-creds.yaml"

"$here/lib/lifecycle_robustness.sh" "$build" "$work"
echo "rectification loop: all steps passed"
