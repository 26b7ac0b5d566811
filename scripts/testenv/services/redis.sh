# shellcheck shell=bash
# Redis: redis-open (insecure, default port) and redis-auth (secure, password + TLS port).

te_redis_version() { redis-server --version | sed -nE 's/.* v=([0-9.]+).*/\1/p'; }

# Writes the parts both instances share; the caller appends the profile-specific lines.
te_redis_common_conf() {
  local dir=$1 port=$2
  cat <<CONF
bind $TE_HOST
port $port
daemonize yes
pidfile $dir/redis.pid
logfile $dir/redis.log
dir $dir
save ""
appendonly no
CONF
}

te_redis_launch() {
  local name=$1 dir=$2 port=$3
  redis-server "$dir/redis.conf" >>"$dir/redis.log" 2>&1 || {
    te_log_tail "$dir/redis.log"
    te_die "instance $name: redis-server refused to start with $dir/redis.conf"
  }
  local pid
  pid=$(te_wait_pidfile "$name" "$dir/redis.pid" "$dir/redis.log")
  te_track "$name" "$pid" redis-server TERM
  te_wait_tcp "$name" "$port" "$pid" redis-server "$dir/redis.log"
}

te_start_redis() {
  local version open=$TE_DIR/redis-open auth=$TE_DIR/redis-auth
  version=$(te_redis_version)
  mkdir -p "$open" "$auth"

  {
    te_redis_common_conf "$open" 6379
    echo "protected-mode no"
  } >"$open/redis.conf"
  te_redis_launch redis-open "$open" 6379
  te_instance_line redis-open redis 6379 "$version" insecure \
    "no password; protected-mode no; dangerous commands (CONFIG, FLUSHALL, DEBUG...) available"
  te_env PAICHA_TE_REDIS_OPEN_PORT 6379
  te_env PAICHA_TE_REDIS_OPEN_LOG "$open/redis.log"

  local password
  password=$(te_password)
  {
    te_redis_common_conf "$auth" 16380
    cat <<CONF
protected-mode yes
requirepass $password
rename-command FLUSHALL ""
rename-command FLUSHDB ""
rename-command CONFIG ""
rename-command DEBUG ""
rename-command KEYS ""
rename-command MODULE ""
rename-command SLAVEOF ""
rename-command REPLICAOF ""
tls-port 16381
tls-cert-file $TE_DIR/tls/cert.pem
tls-key-file $TE_DIR/tls/key.pem
tls-ca-cert-file $TE_DIR/tls/cert.pem
tls-auth-clients no
CONF
  } >"$auth/redis.conf"
  chmod 600 "$auth/redis.conf"
  te_redis_launch redis-auth "$auth" 16380
  te_wait_tcp redis-auth 16381 "" redis-server "$auth/redis.log"
  te_instance_line redis-auth redis 16380 "$version" secure \
    "requirepass (PAICHA_TE_REDIS_AUTH_PASSWORD); FLUSHALL/FLUSHDB/CONFIG/DEBUG/KEYS/MODULE/SLAVEOF/REPLICAOF renamed away; TLS also on 16381"
  te_instance_line redis-auth-tls redis 16381 "$version" secure \
    "TLS port of redis-auth (self-signed cert PAICHA_TE_TLS_CERT); same password"
  te_env PAICHA_TE_REDIS_AUTH_PORT 16380
  te_env PAICHA_TE_REDIS_AUTH_TLS_PORT 16381
  te_env PAICHA_TE_REDIS_AUTH_LOG "$auth/redis.log"
  te_env PAICHA_TE_REDIS_VERSION "$version"
  te_secret PAICHA_TE_REDIS_AUTH_PASSWORD "$password"
}
