#!/usr/bin/env bash
# Benchmark of `paicha pii db` on PostgreSQL: 50 tables, 5 M rows in total, in a database of
# its own on postgres-trust (dropped at the end).
#   - sampling mode: wall time (goal <= 5 s) and every column classified as the truth says;
#   - --exact mode vs `psql -c "COPY (SELECT cols FROM t) TO STDOUT" > /dev/null` over the same
#     columns of all 50 tables: throughput ratio (goal >= 0.5).
#   PAICHA=build/paicha bench/pii-db.sh        (BENCH_ROWS=100000 rows per table)
#   WRITE_DOCS=1 bench/pii-db.sh               also append the figures to docs/BENCHMARKS.md
set -euo pipefail
cd "$(dirname "$0")/.."
PAICHA=${PAICHA:-build/paicha}
PY=/usr/bin/python3
ROWS=${BENCH_ROWS:-100000}
TABLES=50
HOST=127.0.0.1
PORT=${PAICHA_TE_POSTGRES_TRUST_PORT:-5432}
DB=piidb_bench_$$
WORK=$(mktemp -d /tmp/paicha-bench-piidb.XXXXXX)
export PAICHA_DB=$WORK/store.db
[ -x "$PAICHA" ] || { echo "bench/pii-db.sh: $PAICHA not built" >&2; exit 2; }
cleanup() { psql -h $HOST -p "$PORT" -U postgres -qAt -c "DROP DATABASE IF EXISTS $DB" postgres >/dev/null 2>&1; rm -rf "$WORK"; }
trap cleanup EXIT
PSQL=(psql -h $HOST -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -qAt)

"${PSQL[@]}" -c "CREATE DATABASE $DB" postgres >/dev/null
# Valid values computed in SQL: ID numbers with their MOD 11-2 check character, 19-digit cards
# of BIN 622848 with their Luhn digit, mobiles of prefix 138; one source table, copied 50 times.
"${PSQL[@]}" "$DB" >/dev/null <<SQL
CREATE FUNCTION id_check(b text) RETURNS text LANGUAGE sql IMMUTABLE AS \$\$
  SELECT substr('10X98765432', (SELECT sum(substr(b, k, 1)::int * ((2 ^ (18 - k))::bigint % 11))
    FROM generate_series(1, 17) k)::int % 11 + 1, 1) \$\$;
CREATE FUNCTION luhn_check(b text) RETURNS text LANGUAGE sql IMMUTABLE AS \$\$
  SELECT ((10 - (SELECT sum(CASE WHEN (length(b) - k) % 2 = 0 THEN
      (CASE WHEN d * 2 > 9 THEN d * 2 - 9 ELSE d * 2 END) ELSE d END)
    FROM (SELECT k, substr(b, k, 1)::int d FROM generate_series(1, length(b)) k) s) % 10) % 10)::text \$\$;
CREATE TABLE src AS
  SELECT i AS id, body || id_check(body) AS 身份证号,
         '138' || lpad((i * 7919 % 100000000)::text, 8, '0') AS mobile,
         card || luhn_check(card) AS card_no,
         'user' || i || '@example.com' AS email,
         'DD2024' || lpad(i::text, 10, '0') AS order_no,
         (i * 37 % 100000) AS amount, 'status-' || (i % 5) AS note
  FROM (SELECT i, '110101' || (1950 + i % 50) || '0' || (1 + i % 9) || lpad((1 + i % 28)::text, 2, '0')
                  || lpad((i % 1000)::text, 3, '0') AS body,
               '622848' || lpad((i::bigint * 104729 % 1000000000000)::text, 12, '0') AS card
        FROM generate_series(1, $ROWS) i) g;
SQL
for t in $(seq -w 1 $TABLES); do echo "CREATE TABLE t$t AS SELECT * FROM src;"; done | "${PSQL[@]}" "$DB" >/dev/null
"${PSQL[@]}" -c "DROP TABLE src" -c "VACUUM ANALYZE" "$DB" >/dev/null
"$PY" - "$WORK/truth.json" "$TABLES" "$ROWS" <<'PYEOF'
import json, sys
cols = {"id": None, "身份证号": "cn_id", "mobile": "mobile", "card_no": "bank_card", "email": "email",
        "order_no": None, "amount": None, "note": None}
n, rows = int(sys.argv[2]), int(sys.argv[3])
truth = {f"t{t:02d}": {"rows": rows, "columns": {c: {"type": ty, "valid": rows if ty else 0}
         for c, ty in cols.items()}} for t in range(1, n + 1)}
json.dump(truth, open(sys.argv[1], "w"), ensure_ascii=False)
PYEOF
DSN="postgresql://postgres@$HOST:$PORT/$DB"
now() { date +%s.%N; }

t0=$(now); "$PAICHA" -q pii db "$DSN" --format json -o "$WORK/sample.json"; t1=$(now)
sample_s=$(printf %.2f "$(echo "$t1 - $t0" | bc)")
classified=$("$PY" tools/corpus/check_pii_db.py --rows-tolerance 0.05 "$WORK/truth.json" "$WORK/sample.json" | tail -1)

t0=$(now); "$PAICHA" -q pii db "$DSN" --exact --statement-timeout 3600 --format json -o "$WORK/exact.json"; t1=$(now)
exact_s=$(printf %.2f "$(echo "$t1 - $t0" | bc)")
exact_check=$("$PY" tools/corpus/check_pii_db.py --exact "$WORK/truth.json" "$WORK/exact.json" | tail -1)

# One psql process and connection for all tables (one -c per COPY), as paicha has one.
copies=()
for t in $(seq -w 1 $TABLES); do
  copies+=(-c "COPY (SELECT 身份证号::text, mobile::text, card_no::text, email::text FROM public.t$t) TO STDOUT")
done
t0=$(now)
psql -h $HOST -p "$PORT" -U postgres -qAt "${copies[@]}" "$DB" > /dev/null
t1=$(now)
psql_s=$(printf %.2f "$(echo "$t1 - $t0" | bc)")
total=$((TABLES * ROWS))
ratio=$(echo "scale=2; $psql_s / $exact_s" | bc)
cat <<OUT
pii db benchmark: $TABLES tables, $total rows (PostgreSQL $(psql -h $HOST -p "$PORT" -U postgres -qAt -c 'SHOW server_version' postgres))
  sampling mode:   ${sample_s}s (goal <= 5 s); $classified
  --exact mode:    ${exact_s}s, $(echo "scale=0; $total / $exact_s" | bc) rows/s; $exact_check
  psql COPY:       ${psql_s}s, $(echo "scale=0; $total / $psql_s" | bc) rows/s (4 columns, 50 tables)
  throughput ratio paicha --exact / psql COPY: $ratio (goal >= 0.5)
OUT
if [[ ${WRITE_DOCS:-0} == 1 ]]; then
  cat >> docs/BENCHMARKS.md <<DOC

## pii db (PostgreSQL, bench/pii-db.sh)

$(date -u +%F), 2 shared cores, postgres-trust (PostgreSQL on loopback), $TABLES tables, $total rows,
4 personal-data columns (ID, mobile, card, email) and 4 business columns per table.

| mode | wall time (s) | rows/s | result |
| --- | --- | --- | --- |
| paicha pii db (sampling, 1000 rows/table) | $sample_s | | $classified |
| paicha pii db --exact | $exact_s | $(echo "scale=0; $total / $exact_s" | bc) | $exact_check |
| psql COPY (same 4 columns, 50 tables) | $psql_s | $(echo "scale=0; $total / $psql_s" | bc) | |

- throughput ratio paicha --exact / psql COPY: **$ratio** (goal >= 0.5); one psql process and
  connection runs the 50 COPY commands; paicha --exact also lists and samples the tables first.
DOC
fi
