#!/usr/bin/env bash
# Benchmark of `paicha pii db --exact` on Redis: a throw-away redis-server on 127.0.0.1 with
# BENCH_KEYS user hashes (a mobile and a name each), counted exactly, against two peers that read
# the same values with redis-cli in the same script:
#   - scan + HGETALL: `redis-cli --scan` piped into a redis-cli running one HGETALL per key;
#   - scan + pipelined HGETALL: the same commands as RESP through `redis-cli --pipe`.
#   PAICHA=build/paicha bench/pii-db-redis.sh      (BENCH_KEYS=200000)
set -euo pipefail
cd "$(dirname "$0")/.."
PAICHA=${PAICHA:-build/paicha}
KEYS=${BENCH_KEYS:-200000}
PORT=${BENCH_REDIS_PORT:-26499}
WORK=$(mktemp -d /tmp/paicha-bench-redis.XXXXXX)
export PAICHA_DB=$WORK/store.db
[ -x "$PAICHA" ] || { echo "bench/pii-db-redis.sh: $PAICHA not built" >&2; exit 2; }
command -v redis-server >/dev/null || { echo "bench/pii-db-redis.sh: redis-server not installed" >&2; exit 2; }

redis-server --port "$PORT" --bind 127.0.0.1 --save '' --appendonly no --dir "$WORK" \
  --daemonize no > "$WORK/redis.log" 2>&1 &
REDIS_PID=$!
cleanup() { kill "$REDIS_PID" 2>/dev/null; wait "$REDIS_PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
for _ in $(seq 50); do redis-cli -p "$PORT" ping 2>/dev/null | grep -q PONG && break; sleep 0.1; done

# Mobiles 138xxxxxxxx (prefix 138 is allocated), names from a fixed surname; RESP for --pipe.
awk -v n="$KEYS" 'BEGIN {
  for (i = 1; i <= n; i++) {
    mobile = sprintf("138%08d", (i * 7919) % 100000000)
    key = "user:" i
    printf "*6\r\n$4\r\nHSET\r\n$%d\r\n%s\r\n$6\r\nmobile\r\n$11\r\n%s\r\n$4\r\nname\r\n$6\r\n张伟\r\n", length(key), key, mobile
  }
}' | redis-cli -p "$PORT" --pipe > /dev/null
loaded=$(redis-cli -p "$PORT" dbsize)

seconds() { local s e; s=$(date +%s.%N); "$@" > /dev/null; e=$(date +%s.%N); awk -v s="$s" -v e="$e" 'BEGIN { printf "%.2f", e - s }'; }

p_secs=$(seconds "$PAICHA" -q pii db "redis://127.0.0.1:$PORT" --exact --format json -o "$WORK/exact.json")
counts=$(/usr/bin/python3 -c '
import json, sys
t = {x["name"]: x for x in json.load(open(sys.argv[1]))["sources"][0]["tables"]}["user:*"]
print(t["rows"], t["counts"].get("mobile", 0), t["estimated"])' "$WORK/exact.json")
read -r rows mobiles estimated <<< "$counts"
if [ "$rows" != "$KEYS" ] || [ "$mobiles" != "$KEYS" ] || [ "$estimated" != False ]; then
  echo "bench/pii-db-redis.sh: paicha counted rows=$rows mobiles=$mobiles estimated=$estimated, expected $KEYS" >&2
  exit 1
fi
plain() { redis-cli -p "$PORT" --scan --pattern 'user:*' | sed 's/^/HGETALL /' | redis-cli -p "$PORT"; }
piped() {
  redis-cli -p "$PORT" --scan --pattern 'user:*' |
    awk '{ printf "*2\r\n$7\r\nHGETALL\r\n$%d\r\n%s\r\n", length($0), $0 }' | redis-cli -p "$PORT" --pipe
}
c_secs=$(seconds plain)
r_secs=$(seconds piped)

echo "Redis $(redis-server --version | awk '{print $3}'), $loaded keys, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
printf '%-44s %8s %8s\n' "" seconds ratio
printf '%-44s %8s %8s\n' "paicha pii db --exact (rows, mobiles exact)" "$p_secs" ""
printf '%-44s %8s %8s\n' "redis-cli --scan | HGETALL per line" "$c_secs" \
  "$(awk -v p="$p_secs" -v c="$c_secs" 'BEGIN { printf "%.2f", p / c }')"
printf '%-44s %8s %8s\n' "redis-cli --scan | HGETALL via --pipe" "$r_secs" \
  "$(awk -v p="$p_secs" -v c="$r_secs" 'BEGIN { printf "%.2f", p / c }')"
echo "ratio = paicha's time / the peer's (below 1: paicha is faster); paicha also validates every value"
