#!/usr/bin/env bash
# Discovery benchmark (issue: "faster than nmap"): sweeps 127.0.0.0/18 x 16 ports with paicha
# and with `nmap -sT -Pn -n -T4 --open` in the same script, checks both report the same open
# ports, prints paicha's time / nmap's, then measures peak memory on a 127.0.0.0/8 target list.
# All traffic goes to loopback. Usage: bench/discover.sh [BUILD_DIR] [REPEATS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
repeats=${2:-3}
paicha="$build/paicha"
[[ -x "$paicha" ]] || { echo "bench: $paicha not built (make build)" >&2; exit 2; }
command -v nmap >/dev/null || { echo "bench: nmap missing (scripts/install-deps.sh)" >&2; exit 2; }

work=$(mktemp -d /tmp/paicha-bench-discover.XXXXXX)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT

# Two real servers on ports nothing else uses, loopback only.
redis_port=16479; memcached_port=16411
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no \
  --dir "$work" --daemonize no >"$work/redis.log" 2>&1 &
pids+=($!)
memcached -l 127.0.0.1 -p "$memcached_port" -U 0 -u root >"$work/memcached.log" 2>&1 &
pids+=($!)
for port in $redis_port $memcached_port; do
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.05; done
done

ports="21,22,23,80,443,1433,1521,3306,5432,6379,8080,9200,11211,27017,$redis_port,$memcached_port"
target=127.0.0.0/18
echo "target $target x 16 ports = $((16384 * 16)) probes; best of $repeats runs each"

now() { date +%s.%N; }
best_paicha=999; best_nmap=999; best_noid=999
for i in $(seq "$repeats"); do
  t0=$(now)
  "$paicha" --db "$work/bench.db" --lang en -q discover "$target" -p "$ports" \
    --format csv -o "$work/paicha.csv"
  t1=$(now)
  "$paicha" --db "$work/bench.db" --lang en -q discover "$target" -p "$ports" --no-identify \
    --format csv -o "$work/paicha-noid.csv"
  t2=$(now)
  nmap -sT -Pn -n -T4 --open -p "$ports" "$target" -oG "$work/nmap.gnmap" >/dev/null
  t3=$(now)
  best_paicha=$(echo "$t1 - $t0" | bc -l | awk -v b="$best_paicha" '{print ($1<b)?$1:b}')
  best_noid=$(echo "$t2 - $t1" | bc -l | awk -v b="$best_noid" '{print ($1<b)?$1:b}')
  best_nmap=$(echo "$t3 - $t2" | bc -l | awk -v b="$best_nmap" '{print ($1<b)?$1:b}')
done

# Same set of open ports?
tail -n +2 "$work/paicha.csv" | awk -F, '{print $2":"$4}' | sort >"$work/paicha.set"
grep -o 'Host: [0-9.]*.*Ports: .*' "$work/nmap.gnmap" | while read -r _ host _ rest; do
  echo "$rest" | tr ',' '\n' | grep -o '[0-9]*/open' | cut -d/ -f1 | sed "s/^/$host:/"
done | sort >"$work/nmap.set"
if ! diff -q "$work/paicha.set" "$work/nmap.set" >/dev/null; then
  echo "MISMATCH between paicha and nmap open ports:"; diff "$work/paicha.set" "$work/nmap.set" | head
  exit 1
fi
echo "open ports (both agree): $(tr '\n' ' ' <"$work/paicha.set")"
tail -n +2 "$work/paicha.csv" | awk -F, '{print "  identified " $2 ":" $4 " as " $5 " " $6 " " $7}'
printf 'paicha discover (with identification): %.3f s\n' "$best_paicha"
printf 'paicha discover --no-identify:         %.3f s\n' "$best_noid"
printf 'nmap -sT -Pn -n -T4 --open:            %.3f s\n' "$best_nmap"
printf 'ratio paicha/nmap: %.3f (with identification), %.3f (--no-identify); goal <= 0.6\n' \
  "$(echo "$best_paicha / $best_nmap" | bc -l)" "$(echo "$best_noid / $best_nmap" | bc -l)"

# Peak memory on a /8 (16.7 M addresses), rate-limited, cut off after 5 s by SIGINT.
set +e
timeout -s INT 5 /usr/bin/time -v "$paicha" --db "$work/mem.db" --lang en -q discover \
  127.0.0.0/8 -p 6379 --rate 20000 --format csv -o /dev/null 2>"$work/time.txt"
set -e
rss_kb=$(awk -F: '/Maximum resident set size/ {gsub(/ /,"",$2); print $2}' "$work/time.txt")
printf 'peak memory, 127.0.0.0/8 at --rate 20000 cut after 5 s: %.1f MiB (goal <= 64)\n' \
  "$(echo "$rss_kb / 1024" | bc -l)"
