#!/usr/bin/env bash
# Credential-guessing benchmark (issue: `paicha audit`): one 1,000-password list with the right
# password last, against real Redis (requirepass), PostgreSQL (SCRAM-SHA-256) and MariaDB
# servers from scripts/testenv. paicha runs with the budget lifted and hydra with the same list
# and the same concurrency (16), in this script; both must find the password. For PostgreSQL,
# where hydra cannot do SCRAM, medusa (libpq) runs as well. Prints paicha's
# time / hydra's per protocol (goal <= 0.1), then the wall time of a full default
# `paicha audit 127.0.0.1` over the running services (goal < 3 s).
# Usage: bench/credentials.sh [BUILD_DIR]     (starts the testenv if it is not running)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
paicha="$build/paicha"
[[ -x "$paicha" ]] || { echo "bench: $paicha not built (make build)" >&2; exit 2; }
command -v hydra >/dev/null || { echo "bench: hydra missing (scripts/install-deps.sh)" >&2; exit 2; }

te=${PAICHA_TESTENV_DIR:-/tmp/paicha-testenv}
started_here=0
if [[ ! -f "$te/instances.tsv" ]]; then
  scripts/testenv/start.sh "$te" >/dev/null
  started_here=1
fi
work=$(mktemp -d /tmp/paicha-bench-creds.XXXXXX)
cleanup() {
  [[ $started_here -eq 1 ]] && scripts/testenv/stop.sh "$te" >/dev/null 2>&1
  rm -rf "$work"
}
trap cleanup EXIT
set -a; source "$te/env"; source "$te/secrets.env"; set +a
port_of() { awk -F'\t' -v n="$1" '$1 == n {print $4}' "$te/instances.tsv"; }

# MariaDB: a bench account on the open instance (plaintext, native password, as hydra needs).
bench_db_password="Zq7-bench-$(date +%s)"
mariadb --protocol=tcp -h 127.0.0.1 -P "$(port_of mariadb-anon)" -u root -e \
  "CREATE USER IF NOT EXISTS 'bench'@'127.0.0.1' IDENTIFIED BY '$bench_db_password'; \
   ALTER USER 'bench'@'127.0.0.1' IDENTIFIED BY '$bench_db_password';"

make_list() {  # 999 wrong passwords, then the right one
  python3 -c "import sys; [print(f'wrong-{i:04d}-x') for i in range(999)]; print(sys.argv[1])" "$1" >"$2"
}
now() { date +%s.%N; }

run_case() {  # name service port user password hydra-module
  local name=$1 service=$2 port=$3 user=$4 password=$5 module=$6
  local list="$work/$name.txt"
  make_list "$password" "$list"
  local t0 t1 t2
  t0=$(now)
  "$paicha" --db "$work/$name.db" --lang en -q audit 127.0.0.1 -p "$port" --dict "$list" \
    --users "$user" --max-attempts 0 --pace 0 --guess-concurrency 16 --format json \
    -o "$work/$name.json"
  t1=$(now)
  local hydra_user=(-l "$user")
  [[ -z $user ]] && hydra_user=()
  hydra "${hydra_user[@]}" -P "$list" -t 16 -s "$port" -f -I 127.0.0.1 "$module" \
    >"$work/$name.hydra" 2>&1 || true
  t2=$(now)
  local paicha_found hydra_found
  paicha_found=$(python3 -c "import json,sys; print(any(f['category']=='weak_password' for f in json.load(open(sys.argv[1]))['findings']))" "$work/$name.json")
  # hydra must report the right password; its postgres module also "finds" wrong ones.
  if grep -qF "password: $password" "$work/$name.hydra"; then
    hydra_found=True
  elif grep -q 'password:' "$work/$name.hydra"; then
    hydra_found="WRONG($(grep -o 'password: [^ ]*' "$work/$name.hydra" | head -1 | cut -d' ' -f2))"
  else
    hydra_found=False
    tail -n 3 "$work/$name.hydra" | sed 's/^/    hydra: /'
  fi
  local tp th
  tp=$(echo "$t1 - $t0" | bc -l)
  th=$(echo "$t2 - $t1" | bc -l)
  [[ $name == postgresql ]] && pg_paicha_seconds=$tp
  printf '%-10s paicha %6.2f s (%5.0f tries/s, found=%s)  hydra %6.2f s (%4.0f tries/s, found=%s)  ratio %.3f (goal <= 0.1)\n' \
    "$name" "$tp" "$(echo "1000 / $tp" | bc -l)" "$paicha_found" "$th" \
    "$(echo "1000 / $th" | bc -l)" "$hydra_found" \
    "$(echo "$tp / $th" | bc -l)"
}

echo "1,000 passwords, right one last, concurrency 16"
run_case redis redis "$(port_of redis-auth)" "" "$PAICHA_TE_REDIS_AUTH_PASSWORD" redis
run_case postgresql postgresql "$(port_of postgres-scram)" postgres \
  "$PAICHA_TE_POSTGRES_SCRAM_PASSWORD" postgres
run_case mariadb mysql "$(port_of mariadb-anon)" bench "$bench_db_password" mysql

# hydra's postgres module cannot speak SCRAM (above it "finds" a wrong password). medusa's
# postgres module uses libpq, so it was tried as a second peer: same list, same concurrency,
# the same TLS-only SCRAM server.
if command -v medusa >/dev/null; then
  list="$work/postgresql.txt"
  port=$(port_of postgres-scram)
  t0=$(now)
  medusa -h 127.0.0.1 -n "$port" -u postgres -P "$list" -M postgres -t 16 -f \
    >"$work/postgresql.medusa" 2>&1 || true
  t1=$(now)
  tm=$(echo "$t1 - $t0" | bc -l)
  medusa_found=False
  first=$(grep -o 'ACCOUNT FOUND: .* Password: [^ ]*' "$work/postgresql.medusa" | head -1 |
    sed 's/.*Password: //' || true)
  if [[ $first == "$PAICHA_TE_POSTGRES_SCRAM_PASSWORD" ]]; then
    medusa_found=True
  elif [[ -n $first ]]; then
    medusa_found="WRONG($first)"  # medusa 2.2 takes any libpq reply after the password as success
  fi
  printf '%-10s medusa %6.2f s (%5.0f tries/s, found=%s): paicha / medusa %.3f (goal <= 0.1)\n' \
    postgresql "$tm" "$(echo "1000 / $tm" | bc -l)" "$medusa_found" \
    "$(echo "$pg_paicha_seconds / $tm" | bc -l)"
fi

audit_time() {  # label ports
  local t0 t1
  t0=$(now)
  "$paicha" --db "$work/full-$1.db" --lang en -q audit 127.0.0.1 -p "$2" --format json \
    -o "$work/full-$1.json" || true
  t1=$(now)
  printf '%s: %.2f s, %s findings\n' "$1" "$(echo "$t1 - $t0" | bc -l)" \
    "$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['findings']))" "$work/full-$1.json")"
}
# The six services on their default ports: Redis, PostgreSQL, MariaDB, Memcached, OpenSSH, FTP.
audit_time "full default audit of 127.0.0.1, six services (goal < 3 s)" 6379,5432,3306,11211,22,21
audit_time "full default audit of every testenv endpoint ($(tail -n +2 "$te/instances.tsv" | wc -l))" \
  "$(tail -n +2 "$te/instances.tsv" | cut -f4 | paste -sd,)"
