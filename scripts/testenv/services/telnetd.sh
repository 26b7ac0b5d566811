# shellcheck shell=bash
# Telnet: inetutils telnetd on the default port 23, launched per connection by socat the way
# inetd would (the socket becomes the daemon's stdin/stdout). Logins go through /bin/login and
# PAM, so the weak OS account paicha_weak/admin123 (made by sshd.sh) logs in; its shell is
# nologin, so nothing runs after the login. Telnet itself is the insecure profile: there is
# no hardened Telnet, the remedy is to turn it off.

te_telnetd_version() {
  dpkg-query -W -f='${Version}' inetutils-telnetd 2>/dev/null | sed -E 's/^[0-9]+://; s/-.*//'
}

te_start_telnetd() {
  local dir=$TE_DIR/telnetd port=23
  mkdir -p "$dir"
  te_ensure_weak_user
  setsid socat -lf "$dir/socat.log" \
    "TCP-LISTEN:$port,bind=$TE_HOST,reuseaddr,fork" EXEC:/usr/sbin/telnetd,nofork \
    </dev/null >>"$dir/socat.log" 2>&1 &
  local pid=$!
  te_track_child telnetd "$pid" socat TERM
  te_wait_tcp telnetd "$port" "$pid" socat "$dir/socat.log"
  te_instance_line telnetd telnet "$port" "$(te_telnetd_version)" insecure \
    "inetutils telnetd via /bin/login; OS user paicha_weak/admin123 (no shell)"
  te_env PAICHA_TE_TELNETD_PORT "$port"
}
