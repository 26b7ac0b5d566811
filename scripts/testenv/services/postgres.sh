# shellcheck shell=bash
# PostgreSQL: postgres-trust (insecure, default port) and postgres-scram (secure). The server
# refuses to run as root, so everything below runs as the postgres OS user. initdb runs once per
# version into the cache (te_cached_datadir) and each instance gets a copy.

TE_PG_BIN=${PAICHA_TESTENV_PG_BIN:-/usr/lib/postgresql/15/bin}

te_pg() { runuser -u postgres -- "$@"; }

te_pg_version() { "$TE_PG_BIN/postgres" --version | sed -nE 's/^postgres \(PostgreSQL\) ([0-9.]+).*/\1/p'; }

te_pg_initdb() {
  local datadir=$1 log=$2
  install -d -o postgres -g postgres -m 700 "$datadir"
  te_pg "$TE_PG_BIN/initdb" -D "$datadir" -U postgres -A trust -E UTF8 --locale=C --no-sync \
    --no-instructions >"$log" 2>&1
}

te_pg_fast_settings() {
  local dir=$1 port=$2
  cat <<CONF

# paicha testenv
listen_addresses = '$TE_HOST'
port = $port
unix_socket_directories = '$dir'
max_connections = 40
shared_buffers = 16MB
fsync = off
synchronous_commit = off
full_page_writes = off
logging_collector = off
CONF
}

te_pg_launch() {
  local name=$1 dir=$2 port=$3
  if ! te_pg "$TE_PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t "$TE_TIMEOUT" \
    start >>"$dir/pg_ctl.log" 2>&1; then
    te_log_tail "$dir/pg_ctl.log"
    te_log_tail "$dir/postgres.log"
    te_die "instance $name: PostgreSQL did not become ready on $TE_HOST:$port"
  fi
  local pid
  pid=$(te_wait_pidfile "$name" "$dir/data/postmaster.pid" "$dir/postgres.log")
  # SIGINT is PostgreSQL's fast shutdown: it does not wait for clients to disconnect.
  te_track "$name" "$pid" postgres INT
  te_wait_tcp "$name" "$port" "$pid" postgres "$dir/postgres.log"
}

te_start_postgres() {
  local version template trust=$TE_DIR/postgres-trust scram=$TE_DIR/postgres-scram
  version=$(te_pg_version)
  template=$(te_cached_datadir "postgres-$version" te_pg_initdb)
  install -d -o postgres -g postgres -m 700 "$trust" "$scram"
  cp -a "$template" "$trust/data"
  cp -a "$template" "$scram/data"

  te_pg_fast_settings "$trust" 5432 >>"$trust/data/postgresql.conf"
  echo "ssl = off" >>"$trust/data/postgresql.conf"
  cat >"$trust/data/pg_hba.conf" <<'HBA'
# insecure on purpose: anybody on loopback is any role, superuser included, without a password
local all all trust
host  all all 127.0.0.1/32 trust
host  all all ::1/128 trust
HBA
  te_pg_launch postgres-trust "$trust" 5432
  te_instance_line postgres-trust postgresql 5432 "$version" insecure \
    "trust auth for every TCP connection (superuser postgres, no password); ssl off; no connection logging"
  te_env PAICHA_TE_POSTGRES_TRUST_PORT 5432
  te_env PAICHA_TE_POSTGRES_TRUST_SOCKET_DIR "$trust"
  te_env PAICHA_TE_POSTGRES_TRUST_LOG "$trust/postgres.log"

  local su_password audit_password
  su_password=$(te_password)
  audit_password=$(te_password)
  install -o postgres -g postgres -m 600 "$TE_DIR/tls/key.pem" "$scram/data/server.key"
  install -o postgres -g postgres -m 644 "$TE_DIR/tls/cert.pem" "$scram/data/server.crt"
  te_pg_fast_settings "$scram" 15433 >>"$scram/data/postgresql.conf"
  cat >>"$scram/data/postgresql.conf" <<'CONF'
ssl = on
ssl_cert_file = 'server.crt'
ssl_key_file = 'server.key'
ssl_min_protocol_version = 'TLSv1.2'
password_encryption = 'scram-sha-256'
log_connections = on
log_disconnections = on
log_statement = 'all'
log_line_prefix = '%m [%p] %q%u@%d from %h '
CONF
  cat >"$scram/data/pg_hba.conf" <<'HBA'
# secure: TLS required on TCP, SCRAM-SHA-256 everywhere
local     all all              scram-sha-256
hostssl   all all 127.0.0.1/32 scram-sha-256
hostssl   all all ::1/128      scram-sha-256
hostnossl all all 0.0.0.0/0    reject
hostnossl all all ::/0         reject
HBA
  # Roles are set in single-user mode, so the cluster never listens with a weaker setup.
  if ! te_pg "$TE_PG_BIN/postgres" --single -D "$scram/data" postgres >"$scram/single.log" 2>&1 <<SQL; then
ALTER ROLE postgres PASSWORD '$su_password'
CREATE ROLE paicha_audit LOGIN PASSWORD '$audit_password'
GRANT pg_monitor TO paicha_audit
SQL
    te_log_tail "$scram/single.log"
    te_die "instance postgres-scram: could not set role passwords in single-user mode"
  fi
  te_pg_launch postgres-scram "$scram" 15433
  te_instance_line postgres-scram postgresql 15433 "$version" secure \
    "scram-sha-256 only; TLS required (hostssl, self-signed cert); log_connections/disconnections on, log_statement=all; roles postgres and paicha_audit (pg_monitor)"
  te_env PAICHA_TE_POSTGRES_SCRAM_PORT 15433
  te_env PAICHA_TE_POSTGRES_SCRAM_SOCKET_DIR "$scram"
  te_env PAICHA_TE_POSTGRES_SCRAM_LOG "$scram/postgres.log"
  te_env PAICHA_TE_POSTGRES_VERSION "$version"
  te_secret PAICHA_TE_POSTGRES_SCRAM_PASSWORD "$su_password"
  te_secret PAICHA_TE_POSTGRES_AUDIT_USER paicha_audit
  te_secret PAICHA_TE_POSTGRES_AUDIT_PASSWORD "$audit_password"
}
