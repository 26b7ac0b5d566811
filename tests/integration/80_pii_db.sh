#!/usr/bin/env bash
# End-to-end checks of `paicha pii db` on real servers, against the truth of the labelled
# table generator (tools/corpus/gen_pii_tables.py): PostgreSQL (postgres-trust), MariaDB
# (mariadb-anon), SQLite, Redis (a throw-away server; --exact against the labelled keyspace of
# tools/corpus/gen_pii_redis.py), sampling and --exact modes, store writes, pii_exposure
# findings, masking, and the read-only proof from the servers' own statement logs
# (postgres-scram log_statement=all, mariadb-secure server_audit, Redis INFO commandstats).
# Each database it creates has a unique name and is dropped on exit.
#   tests/integration/80_pii_db.sh BUILD_DIR
set -uo pipefail
if [[ -n ${1:-} ]]; then PAICHA=$(cd "$1" && pwd)/paicha; fi
cd "$(dirname "$0")/../.."
PAICHA=${PAICHA:-build/paicha}
PY=/usr/bin/python3
if [[ -z ${PAICHA_TE_POSTGRES_TRUST_PORT:-} && -f /tmp/paicha-testenv/env ]]; then
  set -a; . /tmp/paicha-testenv/env; . /tmp/paicha-testenv/secrets.env; set +a
fi
WORK=$(mktemp -d /tmp/paicha-piidb-it.XXXXXX)
DB=piidb_it_$$_$RANDOM
HOST=127.0.0.1
PG_PORT=$PAICHA_TE_POSTGRES_TRUST_PORT
PGS_PORT=$PAICHA_TE_POSTGRES_SCRAM_PORT
MY_PORT=$PAICHA_TE_MARIADB_ANON_PORT
MYS_PORT=$PAICHA_TE_MARIADB_SECURE_PORT
REDIS_PORT=${PAICHA_PIIDB_REDIS_PORT:-26400}
REDIS_PID=
export PAICHA_DB=$WORK/store.db
unset PGPASSWORD MYSQL_PWD PAICHA_DB_PASSWORD REDISCLI_AUTH

cleanup() {
  psql -h $HOST -p "$PG_PORT" -U postgres -qAt -c "DROP DATABASE IF EXISTS $DB" postgres >/dev/null 2>&1
  PGPASSWORD=$PAICHA_TE_POSTGRES_SCRAM_PASSWORD psql "host=$HOST port=$PGS_PORT user=postgres dbname=postgres sslmode=require" \
    -qAt -c "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1
  mariadb -h $HOST -P "$MY_PORT" -u root -e "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1
  MYSQL_PWD=$PAICHA_TE_MARIADB_SECURE_ROOT_PASSWORD mariadb --ssl -h $HOST -P "$MYS_PORT" -u root \
    -e "DROP DATABASE IF EXISTS $DB" >/dev/null 2>&1
  [[ -n $REDIS_PID ]] && kill "$REDIS_PID" 2>/dev/null && wait "$REDIS_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT
passed=0 failed=0
ok() { passed=$((passed + 1)); echo "ok   - $1"; }
fail() { failed=$((failed + 1)); echo "FAIL - $1"; }
check() { local name=$1; shift; if "$@"; then ok "$name"; else fail "$name"; fi; }

gen() {  # dialect rows dir
  "$PY" tools/corpus/gen_pii_tables.py --dialect "$1" --rows "$2" --out "$3" >/dev/null
}

# --- PostgreSQL (postgres-trust: no password) -------------------------------------------------
gen postgresql 2000 "$WORK/pg"
psql -h $HOST -p "$PG_PORT" -U postgres -qAt -c "CREATE DATABASE $DB" postgres >/dev/null
psql -h $HOST -p "$PG_PORT" -U postgres -q -v ON_ERROR_STOP=1 -f "$WORK/pg/tables.sql" "$DB" >/dev/null
PG_DSN="postgresql://postgres@$HOST:$PG_PORT/$DB"
"$PAICHA" -q pii db "$PG_DSN" --sample 300 --samples 2 --format json -o "$WORK/pg.json"
check "postgresql: sampling classifies every column as the truth says" \
  "$PY" tools/corpus/check_pii_db.py "$WORK/pg/truth.json" "$WORK/pg.json"
check "postgresql: result file has mode 0600" test "$(stat -c %a "$WORK/pg.json")" = 600
"$PAICHA" -q pii db "$PG_DSN" --exact --format json -o "$WORK/pg-exact.json"
check "postgresql: --exact counts equal the truth" \
  "$PY" tools/corpus/check_pii_db.py --exact "$WORK/pg/truth.json" "$WORK/pg-exact.json"
check "postgresql: JSON contract, masked samples, exposure findings" "$PY" - "$WORK/pg.json" <<'PYEOF'
import json, re, sys
r = json.load(open(sys.argv[1]))
s = r["sources"][0]
assert s["engine"] == "postgresql" and s["host"] == "127.0.0.1" and s["port"] > 0, s
t = {x["name"]: x for x in s["tables"]}
c = t["customers"]
assert c["schema"] == "public" and c["category"] == "personal" and c["sensitivity"] == "sensitive"
assert c["estimated"] is True and c["bytes"] > 0
col = {x["name"]: x for x in c["columns"]}
for k in ("name", "pii_type", "confidence", "matched", "sampled"):
    assert k in col["mobile"], k
assert col["mobile"]["sampled"] < 300  # NULLs are not sampled values
for sample in col["身份证号"]["samples"] + col["mobile"]["samples"]:
    assert "*" in sample and not re.search(r"\d{11}", sample.replace(" ", "")), sample
assert t["orders"]["category"] == "business" and t["orders"]["sensitivity"] is None
rules = {(f["rule"], f["evidence"].split(" ")[0].split(":")[0]) for f in r["findings"]}
db = t["orders"]["database"]
assert ("pii.plaintext_passwords", f"{db}.public.accounts.password") in rules, rules
assert ("pii.unsalted_hashes", f"{db}.public.members.passwd") in rules, rules
assert not any(k.endswith("admins.pwd") for _, k in rules), rules  # bcrypt is fine
assert ("pii.full_numbers_in_logs", f"{db}.public.access_log.message") in rules, rules
assert any(f["rule"] == "pii.in_unauthenticated_db" for f in r["findings"])
assert all(f["category"] == "pii_exposure" for f in r["findings"])
PYEOF
check "postgresql: data assets in the store" test "$("$PY" -c '
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
run = db.execute("SELECT min(id) FROM runs WHERE kind = ? AND status = ?", ("pii-db", "done")).fetchone()[0]
rows = db.execute("SELECT location, category, rows, bytes FROM data_assets WHERE run_id = ? AND kind = ? AND location LIKE ?", (run, "table", sys.argv[2] + "%")).fetchall()
personal = sorted(l.rsplit(".", 1)[1] for l, c, r, b in rows if c == "personal" and r > 0 and b > 0)
print(len(rows), ",".join(personal))
' "$PAICHA_DB" "postgresql://$HOST:$PG_PORT/$DB.public.")" = "8 access_log,accounts,admins,customers,gbk_staff,members,wide_rows"
"$PAICHA" -q pii db "$PG_DSN" --include 'cust*' --format csv > "$WORK/pg.csv"
check "postgresql: --include and CSV" bash -c "grep -q ',customers,' '$WORK/pg.csv' && ! grep -q ',orders,' '$WORK/pg.csv'"
"$PAICHA" -q pii db "$PG_DSN" --exclude '*.orders' > "$WORK/pg.txt"
check "postgresql: table output in Chinese, masked" bash -c "grep -q '公民个人信息' '$WORK/pg.txt' && grep -q '身份证号' '$WORK/pg.txt'"

# --- audit --pii: the audit finds postgres-trust open and samples it into the same run ------
"$PAICHA" -q audit $HOST -p "$PG_PORT" --no-guess --pii --format json -o "$WORK/audit.json"
check "audit --pii: personal data of the open server in the audit's run and output" "$PY" - "$WORK/audit.json" "$PAICHA_DB" "postgresql://$HOST:$PG_PORT/$DB.public." <<'PYEOF'
import json, sqlite3, sys
r = json.load(open(sys.argv[1]))
rules = {f["rule"] for f in r["findings"]}
assert "pii.in_unauthenticated_db" in rules and "postgresql.trust_auth" in rules, rules
db = sqlite3.connect(sys.argv[2])
n = db.execute("SELECT count(*) FROM data_assets WHERE run_id = ? AND location LIKE ? AND category = 'personal'",
               (r["run_id"], sys.argv[3] + "%")).fetchone()[0]
assert n == 7, n
PYEOF
"$PAICHA" -q audit $HOST -p "$PG_PORT" --no-guess --format json -o "$WORK/audit-nopii.json"
check "audit without --pii samples nothing" "$PY" -c '
import json, sqlite3, sys
r = json.load(open(sys.argv[1]))
assert not any(f["category"] == "pii_exposure" for f in r["findings"])
assert sqlite3.connect(sys.argv[2]).execute("SELECT count(*) FROM data_assets WHERE run_id = ?", (r["run_id"],)).fetchone()[0] == 0
' "$WORK/audit-nopii.json" "$PAICHA_DB"

# --- Negative cases: passwords on argv, bad DSNs, unreachable servers -------------------------
"$PAICHA" -q pii db "postgresql://postgres:TopSecret9@$HOST:$PG_PORT/$DB" > "$WORK/argv.out" 2>&1
code=$?
check "a password on argv is refused (exit 2) and not echoed" \
  bash -c "[[ $code == 2 ]] && grep -q '****' '$WORK/argv.out' && ! grep -q TopSecret9 '$WORK/argv.out'"
"$PAICHA" -q pii db "oracle://$HOST/x" > /dev/null 2>&1
check "an unsupported engine is a usage error" test $? = 2
printf 'postgresql://postgres:Wr0ngPass@%s:%s/postgres?sslmode=require\n' $HOST "$PGS_PORT" > "$WORK/dsns"
chmod 600 "$WORK/dsns"
"$PAICHA" -q pii db --dsn-file "$WORK/dsns" > "$WORK/wrong.out" 2>&1
code=$?
check "a wrong password is a runtime error naming the masked DSN" \
  bash -c "[[ $code == 3 ]] && grep -q 'postgres:\*\*\*\*@' '$WORK/wrong.out' && ! grep -q Wr0ngPass '$WORK/wrong.out'"

# --- MariaDB (mariadb-anon: root with an empty password; a GBK table) -------------------------
gen mysql 2000 "$WORK/my"
mariadb -h $HOST -P "$MY_PORT" -u root -e "CREATE DATABASE $DB CHARACTER SET utf8mb4"
mariadb -h $HOST -P "$MY_PORT" -u root --default-character-set=utf8mb4 "$DB" < "$WORK/my/tables.sql"
mariadb -h $HOST -P "$MY_PORT" -u root "$DB" -e "ANALYZE TABLE customers, orders" >/dev/null
MY_DSN="mysql://root@$HOST:$MY_PORT/$DB"
"$PAICHA" -q pii db "$MY_DSN" --sample 300 --format json -o "$WORK/my.json"
check "mariadb: sampling classifies every column as the truth says (GBK table included)" \
  "$PY" tools/corpus/check_pii_db.py "$WORK/my/truth.json" "$WORK/my.json"
"$PAICHA" -q pii db "$MY_DSN" --exact --format json -o "$WORK/my-exact.json"
check "mariadb: --exact counts equal the truth" \
  "$PY" tools/corpus/check_pii_db.py --exact "$WORK/my/truth.json" "$WORK/my-exact.json"

# --- SQLite -----------------------------------------------------------------------------------
gen sqlite 2000 "$WORK/lite"
sqlite3 "$WORK/app.db" < "$WORK/lite/tables.sql"
sum_before=$(sha256sum < "$WORK/app.db")
"$PAICHA" -q pii db "sqlite://$WORK/app.db" --exact --format json -o "$WORK/lite.json"
check "sqlite: --exact classification and counts equal the truth" \
  "$PY" tools/corpus/check_pii_db.py --exact "$WORK/lite/truth.json" "$WORK/lite.json"
check "sqlite: password findings, none for authentication (a file has none)" "$PY" -c '
import json, sys
rules = {f["rule"] for f in json.load(open(sys.argv[1]))["findings"]}
assert {"pii.plaintext_passwords", "pii.unsalted_hashes", "pii.full_numbers_in_logs"} <= rules, rules
assert "pii.in_unauthenticated_db" not in rules, rules
' "$WORK/lite.json"
check "sqlite: the file is unchanged" test "$(sha256sum < "$WORK/app.db")" = "$sum_before"

# --- Redis (a throw-away server on its own port) ----------------------------------------------
mkdir -p "$WORK/redis"
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK/redis" \
  --requirepass RedisPw_$$ --daemonize no > "$WORK/redis/log" 2>&1 &
REDIS_PID=$!
for _ in $(seq 50); do REDISCLI_AUTH=RedisPw_$$ redis-cli -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done
{
  for i in $(seq 1 60); do
    echo "HSET user:$i 手机 1381234$(printf %04d "$i") 姓名 张伟 level $((i % 3))"
    echo "SET session:$i token-$i-abcdef"
  done
  echo "SET config:site paicha"
} | REDISCLI_AUTH=RedisPw_$$ redis-cli -p "$REDIS_PORT" > /dev/null
REDISCLI_AUTH=RedisPw_$$ "$PAICHA" -q pii db "redis://$HOST:$REDIS_PORT" --format json -o "$WORK/redis.json"
check "redis: key groups and hash fields classified" "$PY" - "$WORK/redis.json" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1]))
s = r["sources"][0]
assert "error" not in s, s
t = {x["name"]: x for x in s["tables"]}
cols = {c["name"]: c["pii_type"] for c in t["user:*"]["columns"]}
assert cols["手机"] == "mobile" and cols["姓名"] == "name" and cols["level"] is None, cols
assert t["user:*"]["rows"] == 60 and t["user:*"]["category"] == "personal"
assert t["session:*"]["category"] == "business"
PYEOF
"$PAICHA" -q pii db "redis://$HOST:$REDIS_PORT" > /dev/null 2>&1
check "redis: without the password it fails (exit 3)" test $? = 3

# --exact on a keyspace larger than the sample: SCAN MATCH over each whole group, every member
# of lists, sets, sorted sets and streams, against the labelled keyspace generator's truth.
rcli() { REDISCLI_AUTH=RedisPw_$$ redis-cli -h $HOST -p "$REDIS_PORT" "$@"; }
"$PY" tools/corpus/gen_pii_redis.py --users 3000 --start 61 --out "$WORK/redis-gen"
rcli --pipe < "$WORK/redis-gen/load.resp" > "$WORK/redis/load.log" 2>&1
check "redis: labelled keyspace loaded" grep -q "errors: 0," "$WORK/redis/load.log"
{ rcli INFO commandstats; rcli INFO errorstats; } > "$WORK/redis/stats-before"
REDISCLI_AUTH=RedisPw_$$ "$PAICHA" -q pii db "redis://$HOST:$REDIS_PORT" --format json -o "$WORK/redis-sampled.json"
REDISCLI_AUTH=RedisPw_$$ "$PAICHA" -q pii db "redis://$HOST:$REDIS_PORT" --exact --format json -o "$WORK/redis-exact.json"
{ rcli INFO commandstats; rcli INFO errorstats; } > "$WORK/redis/stats-after"
check "redis: --exact rows and counts equal the truth in every key group" "$PY" - "$WORK/redis-gen/truth.json" "$WORK/redis-exact.json" <<'PYEOF'
import json, sys
truth = json.load(open(sys.argv[1]))
# user:1..60 of the first load: valid mobiles, 张伟; session:* and config:* hold no personal data
u = truth["db0"]["user:*"]
u["rows"] += 60
u["counts"] = {"mobile": u["counts"]["mobile"] + 60, "name": u["counts"]["name"] + 60}
r = json.load(open(sys.argv[2]))
assert r["exact"] is True
s = r["sources"][0]
assert "error" not in s, s
t = {(x["database"], x["name"]): x for x in s["tables"]}
required = [("db0", "user:*")] + [("db1", g) for g in truth["db1"]]
assert all(k in t for k in required), (required, sorted(t))
for key, x in t.items():
    assert "error" not in x, x
    assert x["estimated"] is False, (key, x)
    want = truth.get(key[0], {}).get(key[1])
    if want is None:
        assert key[1] in ("session:*", "config:*") and x["counts"] == {}, (key, x)
        continue
    assert x["rows_estimated"] is False, (key, x)
    assert (x["rows"], x["counts"]) == (want["rows"], want["counts"]), (key, x["rows"], x["counts"], want)
assert t[("db0", "user:*")]["sampled_rows"] < 3061  # more keys than the sample
PYEOF
check "redis: without --exact the counts stay estimates" "$PY" - "$WORK/redis-gen/truth.json" "$WORK/redis-sampled.json" <<'PYEOF'
import json, sys
truth = json.load(open(sys.argv[1]))
r = json.load(open(sys.argv[2]))
assert r["exact"] is False
t = {(x["database"], x["name"]): x for x in r["sources"][0]["tables"]}
u = t[("db0", "user:*")]
assert u["estimated"] is True and u["rows_estimated"] is True, u
assert u["sampled_rows"] < 3061 and abs(u["rows"] - 3061) < 3061 * 0.1, u
assert abs(u["counts"]["mobile"] - (truth["db0"]["user:*"]["counts"]["mobile"] + 60)) < 3061 * 0.15, u
# every key of db1 sampled: a collection's rows are its members, as --exact counts them
p = t[("db1", "phones:*")]
assert p["estimated"] is True and p["rows_estimated"] is True, p
assert p["rows"] == truth["db1"]["phones:*"]["rows"] and p["sampled_rows"] == 200, p
PYEOF
check "redis: paicha sent only reading commands, none of them failed" "$PY" - "$WORK/redis/stats-before" "$WORK/redis/stats-after" <<'PYEOF'
import re, sys
def stats(path):
    calls, errors = {}, 0
    for line in open(path):
        if m := re.match(r"cmdstat_(\S+):calls=(\d+)", line):
            calls[m.group(1)] = int(m.group(2))
        elif m := re.match(r"errorstat_\S+:count=(\d+)", line):
            errors += int(m.group(1))
    return calls, errors
(before, err0), (after, err1) = stats(sys.argv[1]), stats(sys.argv[2])
used = {c for c, n in after.items() if n > before.get(c, 0)}
reading = {"auth", "select", "info", "scan", "type", "getrange", "get", "hscan", "sscan", "zrange",
           "zscan", "lrange", "xrange", "llen", "scard", "zcard", "xlen", "memory|usage", "ping"}
assert used <= reading, used - reading
assert {"scan", "hscan", "sscan", "lrange", "zrange", "xrange", "getrange"} <= used, used
assert err1 == err0, (err0, err1)
PYEOF

# --- Read-only proof: postgres-scram logs every statement -------------------------------------
export PGPASSWORD=$PAICHA_TE_POSTGRES_SCRAM_PASSWORD
PGS="host=$HOST port=$PGS_PORT user=postgres sslmode=require"
gen postgresql 300 "$WORK/pgs"
psql "$PGS dbname=postgres" -qAt -c "CREATE DATABASE $DB" >/dev/null
psql "$PGS dbname=$DB" -q -v ON_ERROR_STOP=1 -f "$WORK/pgs/tables.sql" >/dev/null
offset=$(stat -c %s "$PAICHA_TE_POSTGRES_SCRAM_LOG")
"$PAICHA" -q pii db "postgresql://postgres@$HOST:$PGS_PORT/$DB?sslmode=require" --format json -o "$WORK/pgs.json"
"$PAICHA" -q pii db "postgresql://postgres@$HOST:$PGS_PORT/$DB?sslmode=require" --exact --format json -o "$WORK/pgs-exact.json"
unset PGPASSWORD
sleep 0.5
tail -c +$((offset + 1)) "$PAICHA_TE_POSTGRES_SCRAM_LOG" > "$WORK/pgs.log"
check "postgres-scram: paicha's statements are read-only, with timeouts" "$PY" - "$WORK/pgs.log" "$DB" <<'PYEOF'
import re, sys
lines = open(sys.argv[1], encoding="utf-8", errors="replace").read().splitlines()
db = sys.argv[2]
pids = {m.group(1) for l in lines if "application_name=paicha" in l
        for m in [re.search(r"\[(\d+)\]", l)] if m}
assert pids, "no paicha connection in the log"
stmts = [l.split("statement: ", 1)[1] for l in lines
         if "statement: " in l and re.search(r"\[(\d+)\]", l).group(1) in pids]
joined = "\n".join(stmts)
assert "SET TRANSACTION READ ONLY" in joined and "statement_timeout" in joined, joined[:500]
assert "TABLESAMPLE" in joined or "LIMIT" in joined
assert "COPY (SELECT" in joined  # the --exact run
bad = [s for s in stmts if re.match(r"\s*(INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|LOCK|TRUNCATE|GRANT|VACUUM)", s, re.I)
       or re.search(r"\bFROM\s+STDIN\b", s, re.I)]
assert not bad, bad
begins = sum(1 for s in stmts if s.strip() == "BEGIN")
ro = sum(1 for s in stmts if s.strip() == "SET TRANSACTION READ ONLY")
assert begins == ro and begins > 0, (begins, ro)
PYEOF
check "postgres-scram: sampling there matches the truth" \
  "$PY" tools/corpus/check_pii_db.py "$WORK/pgs/truth.json" "$WORK/pgs.json"

# --- Read-only proof: mariadb-secure's server_audit log ---------------------------------------
export MYSQL_PWD=$PAICHA_TE_MARIADB_SECURE_ROOT_PASSWORD
gen mysql 300 "$WORK/mys"
mariadb --ssl -h $HOST -P "$MYS_PORT" -u root -e "CREATE DATABASE $DB CHARACTER SET utf8mb4"
mariadb --ssl -h $HOST -P "$MYS_PORT" -u root --default-character-set=utf8mb4 "$DB" < "$WORK/mys/tables.sql"
unset MYSQL_PWD
offset=$(stat -c %s "$PAICHA_TE_MARIADB_SECURE_AUDIT_LOG")
cat > "$WORK/creds.yaml" <<YAML
- service: mysql
  host: $HOST
  port: $MYS_PORT
  user: $PAICHA_TE_MARIADB_AUDIT_USER
  password_env: PAICHA_IT_AUDIT_PW
YAML
chmod 600 "$WORK/creds.yaml"
PAICHA_IT_AUDIT_PW=$PAICHA_TE_MARIADB_AUDIT_PASSWORD "$PAICHA" -q pii db \
  "mysql://$HOST:$MYS_PORT/$DB?ssl=true" --creds "$WORK/creds.yaml" --exact --format json -o "$WORK/mys.json"
check "mariadb-secure: --creds login over TLS, --exact matches the truth" \
  "$PY" tools/corpus/check_pii_db.py --exact "$WORK/mys/truth.json" "$WORK/mys.json"
sleep 0.5
tail -c +$((offset + 1)) "$PAICHA_TE_MARIADB_SECURE_AUDIT_LOG" > "$WORK/mys.log"
check "mariadb-secure: paicha's queries are read-only, with a statement timeout" "$PY" - "$WORK/mys.log" "$PAICHA_TE_MARIADB_AUDIT_USER" "$DB" <<'PYEOF'
import re, sys
user, db = sys.argv[2], sys.argv[3]
conns, queries = set(), []
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    parts = line.rstrip("\n").split(",", 8)
    if len(parts) < 9 or parts[2] != user or parts[6] != "QUERY":
        continue
    queries.append((parts[4], parts[8].rsplit(",", 1)[0].strip("'")))
# paicha's connections: those that named the test database
mine = {c for c, q in queries if db in q}
assert mine, "no paicha query in the audit log"
stmts = [q for c, q in queries if c in mine]
joined = "\n".join(stmts)
assert "START TRANSACTION READ ONLY" in joined, joined[:400]
assert "max_statement_time" in joined, joined[:400]
bad = [q for q in stmts if re.match(r"\s*(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|LOCK|TRUNCATE|GRANT|LOAD)", q, re.I)]
assert not bad, bad
PYEOF

echo "80_pii_db: $passed passed, $failed failed"
[[ $failed == 0 ]]
