# shellcheck shell=bash
# Helpers shared by start.sh, stop.sh and the per-service scripts in services/.
# Sourced, never run. Expects TE_DIR (the throw-away directory) to be set by the caller.

TE_HOST=127.0.0.1
# shellcheck disable=SC2034 # used by start.sh and stop.sh
TE_MARKER=.paicha-testenv
TE_TIMEOUT=${PAICHA_TESTENV_TIMEOUT:-30}
# Freshly initialised database directories, reused across runs: initdb and mariadb-install-db are
# the slowest part of a start on a busy machine.
TE_CACHE=${PAICHA_TESTENV_CACHE:-/var/tmp/paicha-testenv-cache}

te_log() { printf 'testenv: %s\n' "$*" >&2; }

# Seconds since an $EPOCHREALTIME value, with one decimal.
te_elapsed() {
  local now=$EPOCHREALTIME then=$1
  local tenths=$(((10#${now//[.,]/} - 10#${then//[.,]/}) / 100000))
  printf '%d.%d' $((tenths / 10)) $((tenths % 10))
}

te_die() {
  printf 'testenv: ERROR: %s\n' "$*" >&2
  exit 1
}

# Prints the last lines of a log so that a failure explains itself.
te_log_tail() {
  local log=$1
  if [[ -s $log ]]; then
    printf -- '---- last lines of %s ----\n' "$log" >&2
    tail -n 25 "$log" >&2
    printf -- '----\n' >&2
  else
    printf 'testenv: (log %s is empty or missing)\n' "$log" >&2
  fi
}

# Letters and digits only, so the value is safe in every config syntax used here.
te_password() {
  local pw=""
  while ((${#pw} < 28)); do
    pw+=$(openssl rand -base64 48 | tr -dc 'A-Za-z0-9')
  done
  printf 'Pt9%s' "${pw:0:28}"
}

# Alive, whatever its name: a child started with & is still "bash" until its exec, and a process
# that died stays a zombie until reaped (here by an init that may take a while).
te_is_alive() {
  local pid=$1 stat
  stat=$(cat "/proc/$pid/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat:0:1} != Z ]]
}

te_is_running() {
  local pid=$1 comm=$2
  [[ $(cat "/proc/$pid/comm" 2>/dev/null) == "$comm" ]] && te_is_alive "$pid"
}

# Records a process to stop later: DIR/run/NAME.pid holds "PID COMM SIGNAL". COMM guards against
# signalling an unrelated process that reused the pid.
te_track() {
  local name=$1 pid=$2 comm=$3 signal=${4:-TERM}
  printf '%s %s %s\n' "$pid" "$comm" "$signal" >"$TE_DIR/run/$name.pid"
}

# Like te_track, for a child started with &: waits for its exec first, so that the name check in
# stop.sh cannot miss it.
te_track_child() {
  local name=$1 pid=$2 comm=$3 signal=${4:-TERM} tries=0
  while te_is_alive "$pid" && ! te_is_running "$pid" "$comm" && ((tries++ < 50)); do
    sleep 0.02
  done
  te_track "$name" "$pid" "$comm" "$signal"
}

# Fails with the owner of the port when something already listens there, so that a clash is
# reported instead of silently testing against somebody else's server.
te_require_free_port() {
  local proto=$1 port=$2 flag=-Htlnp
  [[ $proto == udp ]] && flag=-Hulnp
  local holder
  holder=$(ss "$flag" "sport = :$port" 2>/dev/null || true)
  if [[ -n $holder ]]; then
    holder=$(printf '%s\n' "$holder" | sed -E 's/.*users:/users:/' | head -n 3 | paste -sd ' ')
    te_die "$proto port $port is already in use, by: $holder (stop that process, or run scripts/testenv/stop.sh on the directory that started it)"
  fi
}

te_tcp_accepts() {
  local port=$1
  (exec 3<>"/dev/tcp/$TE_HOST/$port") 2>/dev/null
}

# Waits until NAME accepts TCP connections on PORT; fails naming the instance, with its log, if the
# process dies or the timeout passes.
te_wait_tcp() {
  local name=$1 port=$2 pid=$3 comm=$4 log=$5
  local deadline=$((SECONDS + TE_TIMEOUT))
  until te_tcp_accepts "$port"; do
    if [[ -n $pid ]] && ! te_is_alive "$pid"; then
      te_log_tail "$log"
      te_die "instance $name ($comm, pid $pid) exited before accepting connections on $TE_HOST:$port"
    fi
    if ((SECONDS >= deadline)); then
      te_log_tail "$log"
      te_die "instance $name did not accept connections on $TE_HOST:$port within ${TE_TIMEOUT}s"
    fi
    sleep 0.1
  done
}

# Reads a pid file that a daemon writes itself, waiting for it to appear.
te_wait_pidfile() {
  local name=$1 file=$2 log=$3
  local deadline=$((SECONDS + TE_TIMEOUT))
  until [[ -s $file ]]; do
    if ((SECONDS >= deadline)); then
      te_log_tail "$log"
      te_die "instance $name did not write its pid file $file within ${TE_TIMEOUT}s"
    fi
    sleep 0.1
  done
  head -n 1 "$file" | tr -dc '0-9'
}

te_instance_line() {
  local name=$1 service=$2 port=$3 version=$4 profile=$5 notes=$6
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$service" "$TE_HOST" "$port" "$version" \
    "$profile" "$notes" >>"$TE_DIR/instances.tsv"
}

te_env() {
  printf '%s=%q\n' "$1" "$2" >>"$TE_DIR/env"
}

te_secret() {
  printf '%s=%q\n' "$1" "$2" >>"$TE_DIR/secrets.env"
}

# One self-signed RSA-2048 certificate for every TLS-enabled instance, valid for localhost and
# 127.0.0.1, so clients can pin it as their CA.
te_make_cert() {
  local tls=$TE_DIR/tls
  mkdir -p "$tls"
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 30 \
    -subj "/O=paicha testenv/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$tls/key.pem" -out "$tls/cert.pem" >"$tls/openssl.log" 2>&1 ||
    {
      te_log_tail "$tls/openssl.log"
      te_die "openssl could not create the self-signed certificate in $tls"
    }
  chmod 600 "$tls/key.pem"
  chmod 644 "$tls/cert.pem"
}

# Prints the path of a cached, freshly initialised data directory KEY (e.g. mariadb-10.11.19),
# building it first with "BUILDER DIR LOG" when absent. The rename makes a half-built one invisible.
te_cached_datadir() {
  local key=$1 builder=$2
  local ready=$TE_CACHE/$key
  if [[ ! -d $ready/data ]]; then
    mkdir -p "$TE_CACHE"
    chmod 755 "$TE_CACHE"
    local work
    work=$(mktemp -d "$TE_CACHE/.build-$key.XXXXXX")
    chmod 755 "$work"
    if ! "$builder" "$work/data" "$work/build.log"; then
      te_log_tail "$work/build.log"
      rm -rf "$work"
      te_die "could not initialise the $key data directory (cache $TE_CACHE)"
    fi
    mv -T "$work" "$ready" 2>/dev/null || rm -rf "$work"
  fi
  printf '%s/data' "$ready"
}
