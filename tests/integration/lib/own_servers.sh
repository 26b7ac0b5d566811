# shellcheck shell=bash
# Throw-away servers that one integration script owns: their configuration may change during
# the test without disturbing the shared testenv. Each starts on a free loopback port under
# "$OWN_WORK" (set by the caller) and is stopped by own_servers_stop (call it in an EXIT trap).
# Data directories are copied from the testenv cache, as scripts/testenv/services/*.sh do.

OWN_PIDS=()
OWN_PG_DIRS=()
OWN_PG_BIN=${PAICHA_TESTENV_PG_BIN:-/usr/lib/postgresql/15/bin}
OWN_CACHE=${PAICHA_TESTENV_CACHE:-/var/tmp/paicha-testenv-cache}

own_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

own_wait_tcp() {  # PORT: until something accepts on 127.0.0.1:PORT (30 s)
  local port=$1 i
  for ((i = 0; i < 300; i++)); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "nothing listens on 127.0.0.1:$port" >&2
  return 1
}

own_random_password() { printf 'Lc7%s' "$(openssl rand -hex 16)"; }

# own_redis PORT: Redis without a password, nothing persisted.
own_redis() {
  local port=$1 dir=$OWN_WORK/redis-$1
  mkdir -p "$dir"
  redis-server --port "$port" --bind 127.0.0.1 --protected-mode no --save '' --appendonly no \
    --dir "$dir" --logfile "$dir/redis.log" </dev/null >/dev/null 2>&1 &
  OWN_PIDS+=($!)
  own_wait_tcp "$port"
}

# own_postgres PORT: a cluster copied from the testenv cache, trust for loopback TCP.
own_postgres() {
  local port=$1 dir=$OWN_WORK/pg-$1 template
  template=$(ls -d "$OWN_CACHE"/postgres-*/data | head -1)
  install -d -o postgres -g postgres -m 700 "$dir"
  cp -a "$template" "$dir/data"
  cat >>"$dir/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
max_connections = 20
shared_buffers = 16MB
fsync = off
ssl = off
logging_collector = off
CONF
  own_pg_hba "$port" trust
  runuser -u postgres -- "$OWN_PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 30 \
    start >/dev/null
  OWN_PG_DIRS+=("$dir")
}

# own_pg_hba PORT METHOD: loopback TCP authenticates with METHOD (the socket stays trust, for
# the test's own administration); reloads a running server.
own_pg_hba() {
  local port=$1 method=$2 dir=$OWN_WORK/pg-$1
  printf 'local all all trust\nhost all all 127.0.0.1/32 %s\nhost all all ::1/128 %s\n' \
    "$method" "$method" >"$dir/data/pg_hba.conf"
  if [[ -f $dir/data/postmaster.pid ]]; then
    runuser -u postgres -- "$OWN_PG_BIN/pg_ctl" -D "$dir/data" reload >/dev/null
    sleep 0.5
  fi
}

# own_mariadb PORT: a server copied from the testenv cache; root only through the socket.
own_mariadb() {
  local port=$1 dir=$OWN_WORK/mariadb-$1 template
  template=$(ls -d "$OWN_CACHE"/mariadb-*/data | head -1)
  mkdir -p "$dir"
  cp -a "$template" "$dir/data"
  cat >"$dir/my.cnf" <<CONF
[mariadbd]
user = root
datadir = $dir/data
socket = $dir/mariadb.sock
pid-file = $dir/mariadb.pid
log-error = $dir/mariadb.err
port = $port
bind-address = 127.0.0.1
skip-name-resolve
skip-log-bin
skip-ssl
performance_schema = OFF
innodb_buffer_pool_size = 16M
innodb_log_file_size = 8M
innodb_flush_log_at_trx_commit = 0
innodb_doublewrite = 0
CONF
  setsid mariadbd --defaults-file="$dir/my.cnf" </dev/null >>"$dir/mariadbd.out" 2>&1 &
  OWN_PIDS+=($!)
  own_wait_tcp "$port"
}

own_mariadb_sql() {  # PORT, SQL on stdin, as root through the socket
  mariadb --no-defaults --socket="$OWN_WORK/mariadb-$1/mariadb.sock" -uroot
}

own_servers_stop() {
  local dir pid
  for dir in "${OWN_PG_DIRS[@]}"; do
    runuser -u postgres -- "$OWN_PG_BIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  done
  for pid in "${OWN_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${OWN_PIDS[@]}"; do
    for _ in {1..50}; do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
}
