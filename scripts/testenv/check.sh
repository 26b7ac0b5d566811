#!/usr/bin/env bash
# Verifies, with each server's real client, that the instances of start.sh behave as their
# profile says: the insecure ones let in what they should, the secure ones refuse it.
#   scripts/testenv/check.sh [DIR]    DIR defaults to $PAICHA_TESTENV_DIR or /tmp/paicha-testenv
# Prints one line per check and exits non-zero if any failed.
set -euo pipefail

TE_DIR=${1:-${PAICHA_TESTENV_DIR:-/tmp/paicha-testenv}}
[[ -r $TE_DIR/env && -r $TE_DIR/secrets.env ]] ||
  { echo "check: $TE_DIR/env or secrets.env missing: run scripts/testenv/start.sh first" >&2; exit 2; }
# shellcheck source=/dev/null
source "$TE_DIR/env"
# shellcheck source=/dev/null
source "$TE_DIR/secrets.env"
h=$PAICHA_TE_HOST
failures=0

# expect NAME PATTERN COMMAND...: the command's output (stdout and stderr) must match PATTERN.
expect() {
  local name=$1 pattern=$2 out
  shift 2
  if declare -F "$1" >/dev/null; then
    out=$("$@" 2>&1 </dev/null || true) # the helpers below bound their own waits
  else
    out=$(timeout 15 "$@" 2>&1 </dev/null || true)
  fi
  if grep -Eq -- "$pattern" <<<"$out"; then
    printf 'ok    %s\n' "$name"
  else
    printf 'FAIL  %s: wanted /%s/, got: %s\n' "$name" "$pattern" "$(head -c 300 <<<"$out")"
    failures=$((failures + 1))
  fi
}

# Sends LINE (CRLF-terminated unless empty) on a TCP connection and prints the first reply line.
tcp_line() {
  local port=$1 line=$2 reply=""
  exec 3<>"/dev/tcp/$h/$port"
  [[ -z $line ]] || printf '%s\r\n' "$line" >&3
  IFS= read -r -t 5 reply <&3 || true
  exec 3>&-
  printf '%s\n' "${reply%$'\r'}"
}

memcached_udp_version() {
  python3 - "$h" "$1" <<'PY'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)
s.sendto(b"\x00\x01\x00\x00\x00\x01\x00\x00version\r\n", (sys.argv[1], int(sys.argv[2])))
try:
    print(s.recv(200)[8:].decode().strip())
except socket.timeout:
    print("no UDP answer")
PY
}

if [[ -n ${PAICHA_TE_REDIS_OPEN_PORT:-} ]]; then
  expect "redis-open answers PING without a password" '^PONG' \
    redis-cli -h "$h" -p "$PAICHA_TE_REDIS_OPEN_PORT" ping
  expect "redis-open allows CONFIG GET" 'protected-mode' \
    redis-cli -h "$h" -p "$PAICHA_TE_REDIS_OPEN_PORT" config get protected-mode
  expect "redis-auth demands a password" 'NOAUTH' \
    redis-cli -h "$h" -p "$PAICHA_TE_REDIS_AUTH_PORT" ping
  expect "redis-auth accepts its password" '^PONG' \
    env REDISCLI_AUTH="$PAICHA_TE_REDIS_AUTH_PASSWORD" redis-cli -h "$h" -p "$PAICHA_TE_REDIS_AUTH_PORT" ping
  expect "redis-auth has no CONFIG command" 'unknown command' \
    env REDISCLI_AUTH="$PAICHA_TE_REDIS_AUTH_PASSWORD" redis-cli -h "$h" -p "$PAICHA_TE_REDIS_AUTH_PORT" config get port
  expect "redis-auth-tls speaks TLS" "redis_version:$PAICHA_TE_REDIS_VERSION" \
    env REDISCLI_AUTH="$PAICHA_TE_REDIS_AUTH_PASSWORD" redis-cli --tls --cacert "$PAICHA_TE_TLS_CERT" \
    -h "$h" -p "$PAICHA_TE_REDIS_AUTH_TLS_PORT" info server
fi

if [[ -n ${PAICHA_TE_POSTGRES_TRUST_PORT:-} ]]; then
  expect "postgres-trust lets postgres in without a password" '^on\|off$' \
    env PGSSLMODE=prefer psql -h "$h" -p "$PAICHA_TE_POSTGRES_TRUST_PORT" -U postgres -w -Atc \
    "select setting from pg_settings where name = 'is_superuser' union all select 'on|' || current_setting('ssl')"
  expect "postgres-scram rejects plaintext" 'no encryption' \
    env PGSSLMODE=disable PGPASSWORD="$PAICHA_TE_POSTGRES_SCRAM_PASSWORD" \
    psql -h "$h" -p "$PAICHA_TE_POSTGRES_SCRAM_PORT" -U postgres -w -Atc 'select 1'
  expect "postgres-scram rejects a wrong password" 'password authentication failed' \
    env PGSSLMODE=require PGPASSWORD=postgres \
    psql -h "$h" -p "$PAICHA_TE_POSTGRES_SCRAM_PORT" -U postgres -w -Atc 'select 1'
  expect "postgres-scram accepts postgres over verified TLS" '^t\|TLSv1\.[23]$' \
    env PGSSLMODE=verify-full PGSSLROOTCERT="$PAICHA_TE_TLS_CERT" PGPASSWORD="$PAICHA_TE_POSTGRES_SCRAM_PASSWORD" \
    psql "host=localhost port=$PAICHA_TE_POSTGRES_SCRAM_PORT user=postgres dbname=postgres" -w -Atc \
    'select ssl, version from pg_stat_ssl where pid = pg_backend_pid()'
  expect "postgres-scram accepts paicha_audit" '^paicha_audit$' \
    env PGSSLMODE=require PGPASSWORD="$PAICHA_TE_POSTGRES_AUDIT_PASSWORD" \
    psql -h "$h" -p "$PAICHA_TE_POSTGRES_SCRAM_PORT" -U "$PAICHA_TE_POSTGRES_AUDIT_USER" -d postgres -w -Atc 'select current_user'
fi

if [[ -n ${PAICHA_TE_MARIADB_ANON_PORT:-} ]]; then
  expect "mariadb-anon: root with an empty password over TCP" "root@(%|127\.0\.0\.1).*DISABLED" \
    mariadb --no-defaults -h "$h" -P "$PAICHA_TE_MARIADB_ANON_PORT" -uroot -N -e \
    "select concat(current_user(), ' ', @@have_ssl)"
  expect "mariadb-anon: anonymous login" '^@%$' \
    mariadb --no-defaults -h "$h" -P "$PAICHA_TE_MARIADB_ANON_PORT" -u someone -N -e "select current_user()"
  expect "mariadb-secure refuses root without a password" 'Access denied' \
    mariadb --no-defaults -h "$h" -P "$PAICHA_TE_MARIADB_SECURE_PORT" -uroot --ssl -e "select 1"
  expect "mariadb-secure refuses anonymous users" 'Access denied' \
    mariadb --no-defaults -h "$h" -P "$PAICHA_TE_MARIADB_SECURE_PORT" -u someone --ssl -e "select 1"
  expect "mariadb-secure refuses plaintext even with the password" 'Access denied|insecure transport' \
    mariadb --no-defaults -h "$h" -P "$PAICHA_TE_MARIADB_SECURE_PORT" -uroot \
    -p"$PAICHA_TE_MARIADB_SECURE_ROOT_PASSWORD" --ssl=0 -e "select 1"
  expect "mariadb-secure: root over verified TLS, audit on, general log off" \
    '^TLSv1\.[23] ON ON OFF$' \
    mariadb --no-defaults -h "$h" -P "$PAICHA_TE_MARIADB_SECURE_PORT" -uroot \
    -p"$PAICHA_TE_MARIADB_SECURE_ROOT_PASSWORD" --ssl --ssl-ca="$PAICHA_TE_TLS_CERT" --ssl-verify-server-cert -N -e \
    "select concat_ws(' ', (select variable_value from information_schema.session_status where variable_name = 'SSL_VERSION'), @@require_secure_transport, if(@@server_audit_logging, 'ON', 'OFF'), if(@@general_log, 'ON', 'OFF'))"
  expect "mariadb-secure accepts paicha_audit" '^paicha_audit@127\.0\.0\.1$' \
    mariadb --no-defaults -h "$h" -P "$PAICHA_TE_MARIADB_SECURE_PORT" -u"$PAICHA_TE_MARIADB_AUDIT_USER" \
    -p"$PAICHA_TE_MARIADB_AUDIT_PASSWORD" --ssl -N -e "select current_user()"
fi

if [[ -n ${PAICHA_TE_MEMCACHED_OPEN_PORT:-} ]]; then
  expect "memcached-open answers version over TCP" "^VERSION $PAICHA_TE_MEMCACHED_VERSION" \
    tcp_line "$PAICHA_TE_MEMCACHED_OPEN_PORT" version
  expect "memcached-open answers version over UDP" "^VERSION $PAICHA_TE_MEMCACHED_VERSION" \
    memcached_udp_version "$PAICHA_TE_MEMCACHED_OPEN_UDP_PORT"
  expect "memcached-tcp answers version over TCP" "^VERSION $PAICHA_TE_MEMCACHED_VERSION" \
    tcp_line "$PAICHA_TE_MEMCACHED_TCP_PORT" version
  expect "memcached-tcp has no UDP" '^no UDP answer$' memcached_udp_version "$PAICHA_TE_MEMCACHED_TCP_PORT"
fi

if [[ -n ${PAICHA_TE_SSHD_PORT:-} ]]; then
  expect "sshd banner on the default port" "^SSH-2\.0-OpenSSH_$PAICHA_TE_SSHD_VERSION" tcp_line "$PAICHA_TE_SSHD_PORT" ""
  expect "sshd banner on the second port" "^SSH-2\.0-OpenSSH_$PAICHA_TE_SSHD_VERSION" tcp_line "$PAICHA_TE_SSHD_ALT_PORT" ""
  expect "sshd host key via ssh-keyscan" 'ssh-ed25519 AAAA' ssh-keyscan -t ed25519 -p "$PAICHA_TE_SSHD_ALT_PORT" "$h"
  expect "sshd offers password authentication" 'password' \
    ssh -o BatchMode=yes -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null \
    -o PreferredAuthentications=none -p "$PAICHA_TE_SSHD_PORT" "$PAICHA_TE_SSH_WEAK_USER@$h" true
fi

if [[ -n ${PAICHA_TE_FTP_ANON_PORT:-} ]]; then
  expect "ftp-anon banner" "^220 \(vsFTPd $PAICHA_TE_FTP_VERSION\)" tcp_line "$PAICHA_TE_FTP_ANON_PORT" ""
  expect "ftp-anon lists for anonymous" 'readme\.txt' curl -sS --max-time 10 "ftp://$h:$PAICHA_TE_FTP_ANON_PORT/"
  expect "ftp-secure refuses anonymous" 'Access denied: 530' curl -sS --max-time 10 "ftp://$h:$PAICHA_TE_FTP_SECURE_PORT/"
  expect "ftp-secure refuses a plaintext login" 'Access denied: 530' \
    curl -sS --max-time 10 -u "$PAICHA_TE_SSH_WEAK_USER:$PAICHA_TE_SSH_WEAK_PASSWORD" "ftp://$h:$PAICHA_TE_FTP_SECURE_PORT/"
  expect "ftp-secure accepts the weak user over TLS" '230 Login successful' \
    curl -sS -v --max-time 10 --ssl-reqd --cacert "$PAICHA_TE_TLS_CERT" \
    -u "$PAICHA_TE_SSH_WEAK_USER:$PAICHA_TE_SSH_WEAK_PASSWORD" "ftp://localhost:$PAICHA_TE_FTP_SECURE_PORT/"
fi

# Refuses every Telnet option (WONT/DONT) and prints the text shown until "login:" or 8 s pass.
telnet_text() {
  python3 - "$h" "$1" <<'PY'
import socket, sys, time
s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=8)
text, end = b"", time.time() + 8
while time.time() < end and not text.rstrip().endswith(b"login:"):
    data = s.recv(4096)
    if not data:
        break
    i = 0
    while i < len(data):
        if data[i] == 255 and i + 2 < len(data) and data[i + 1] in (251, 252, 253, 254):
            s.send(bytes([255, 254 if data[i + 1] in (251, 252) else 252, data[i + 2]]))
            i += 3
        elif data[i] == 255 and i + 1 < len(data) and data[i + 1] == 250:
            i = data.find(bytes([255, 240]), i) + 2 if data.find(bytes([255, 240]), i) >= 0 else len(data)
        else:
            text += data[i:i + 1]
            i += 1
print(text.decode("utf-8", "replace"))
PY
}

if [[ -n ${PAICHA_TE_TELNETD_PORT:-} ]]; then
  expect "telnetd shows a login prompt" 'login:' telnet_text "$PAICHA_TE_TELNETD_PORT"
fi

if ((failures > 0)); then
  echo "check: $failures check(s) failed" >&2
  exit 1
fi
echo "check: all instances behave as their profile says"
