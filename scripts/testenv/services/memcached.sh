# shellcheck shell=bash
# Memcached: memcached-open (insecure: UDP on, default port) and memcached-tcp (UDP off). -vv
# logs every command received, which the read-only tests rely on.

te_memcached_version() { memcached -V | sed -nE 's/^memcached ([0-9.]+).*/\1/p'; }

te_memcached_launch() {
  local name=$1 port=$2 udp_port=$3
  local dir=$TE_DIR/$name
  mkdir -p "$dir"
  setsid memcached -u root -l "$TE_HOST" -p "$port" -U "$udp_port" -m 16 -c 256 -vv \
    </dev/null >>"$dir/memcached.log" 2>&1 &
  local pid=$!
  te_track_child "$name" "$pid" memcached TERM
  te_wait_tcp "$name" "$port" "$pid" memcached "$dir/memcached.log"
}

te_start_memcached() {
  local version
  version=$(te_memcached_version)
  te_memcached_launch memcached-open 11211 11211
  te_instance_line memcached-open memcached 11211 "$version" insecure \
    "no SASL; UDP enabled on 11211 (amplification risk)"
  te_memcached_launch memcached-tcp 21211 0
  te_instance_line memcached-tcp memcached 21211 "$version" secure \
    "UDP disabled (-U 0); still no SASL (plain text protocol)"
  te_env PAICHA_TE_MEMCACHED_OPEN_PORT 11211
  te_env PAICHA_TE_MEMCACHED_OPEN_UDP_PORT 11211
  te_env PAICHA_TE_MEMCACHED_TCP_PORT 21211
  te_env PAICHA_TE_MEMCACHED_OPEN_LOG "$TE_DIR/memcached-open/memcached.log"
  te_env PAICHA_TE_MEMCACHED_TCP_LOG "$TE_DIR/memcached-tcp/memcached.log"
  te_env PAICHA_TE_MEMCACHED_VERSION "$version"
}
