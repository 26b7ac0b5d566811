#!/usr/bin/env bash
# Starts real Redis, PostgreSQL, MariaDB, Memcached, OpenSSH, vsftpd and telnetd servers on 127.0.0.1, each
# in an insecure and a secure configuration, in a throw-away directory. See docs/testenv.md.
#   scripts/testenv/start.sh [DIR]     DIR defaults to $PAICHA_TESTENV_DIR or /tmp/paicha-testenv
# Writes DIR/instances.tsv, DIR/env (ports, logs) and DIR/secrets.env (passwords, mode 0600).
# Idempotent: servers already started from DIR are stopped first. On failure, everything started
# is stopped again and DIR is kept with the logs.
# PAICHA_TESTENV_SERVICES="redis postgres ..." starts a subset; PAICHA_TESTENV_TIMEOUT (seconds,
# default 30) bounds each wait.
set -euo pipefail
# Without job control a child started with & is no process-group leader, so "setsid daemon &"
# does not fork and $! is the daemon itself.
set +m

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
TE_DIR=${1:-${PAICHA_TESTENV_DIR:-/tmp/paicha-testenv}}
# shellcheck source=scripts/testenv/lib.sh
source "$here/lib.sh"
for service_script in "$here"/services/*.sh; do
  # shellcheck source=/dev/null
  source "$service_script"
done

all_services=(redis postgres mariadb memcached sshd vsftpd telnetd)
read -r -a services <<<"${PAICHA_TESTENV_SERVICES:-${all_services[*]}}"

declare -A tcp_ports=(
  [redis]="6379 16380 16381" [postgres]="5432 15433" [mariadb]="3306 13307 23306"
  [memcached]="11211 21211" [sshd]="22 10022" [vsftpd]="21 10021" [telnetd]="23"
)
declare -A udp_ports=([memcached]="11211")
declare -A binaries=(
  [redis]="redis-server" [postgres]="runuser ${TE_PG_BIN}/postgres ${TE_PG_BIN}/initdb"
  [mariadb]="mariadbd mariadb-install-db mariadb" [memcached]="memcached"
  [sshd]="/usr/sbin/sshd ssh-keygen useradd chpasswd" [vsftpd]="vsftpd"
  [telnetd]="socat /usr/sbin/telnetd useradd chpasswd"
)

[[ $(id -u) -eq 0 ]] || te_die "start.sh must run as root (it starts sshd and vsftpd on ports 22 and 21, and PostgreSQL as the postgres user)"
for tool in openssl ss; do
  command -v "$tool" >/dev/null || te_die "missing tool: $tool"
done
for service in "${services[@]}"; do
  [[ -n ${tcp_ports[$service]:-} ]] ||
    te_die "unknown service '$service' in PAICHA_TESTENV_SERVICES (known: ${all_services[*]})"
  for tool in ${binaries[$service]}; do
    command -v "$tool" >/dev/null ||
      te_die "service $service needs $tool, which is not installed (run scripts/install-deps.sh)"
  done
done

if [[ -e $TE_DIR ]]; then
  "$here/stop.sh" "$TE_DIR"
fi

for service in "${services[@]}"; do
  for port in ${tcp_ports[$service]}; do te_require_free_port tcp "$port"; done
  for port in ${udp_ports[$service]:-}; do te_require_free_port udp "$port"; done
done

started=$EPOCHREALTIME
mkdir -p "$TE_DIR/run"
TE_DIR=$(cd "$TE_DIR" && pwd)
touch "$TE_DIR/$TE_MARKER"
chmod 755 "$TE_DIR"

on_exit() {
  local status=$?
  if ((status != 0)); then
    te_log "start failed; stopping what was started (logs kept in $TE_DIR)"
    "$here/stop.sh" --keep "$TE_DIR" || true
  fi
}
trap on_exit EXIT

printf 'name\tservice\thost\tport\tversion\tprofile\tnotes\n' >"$TE_DIR/instances.tsv"
: >"$TE_DIR/env"
(umask 077 && : >"$TE_DIR/secrets.env")
te_env PAICHA_TESTENV_DIR "$TE_DIR"
te_env PAICHA_TE_HOST "$TE_HOST"
te_env PAICHA_TE_INSTANCES "$TE_DIR/instances.tsv"
te_env PAICHA_TE_SECRETS "$TE_DIR/secrets.env"
te_env PAICHA_TE_TLS_CERT "$TE_DIR/tls/cert.pem"
te_env PAICHA_TE_SERVICES "$(IFS=,; echo "${services[*]}")"
te_make_cert

for service in "${services[@]}"; do
  service_started=$EPOCHREALTIME
  "te_start_$service"
  te_log "$service ready ($(te_elapsed "$service_started")s)"
done

te_log "all instances ready in $(te_elapsed "$started")s; see $TE_DIR/instances.tsv"
column -t -s $'\t' "$TE_DIR/instances.tsv" 2>/dev/null | cut -c1-110 >&2 || true
