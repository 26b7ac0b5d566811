# shellcheck shell=bash
# OpenSSH: one sshd on the default port 22 and on 10022, with its own host keys, allowing
# password logins, plus the OS user paicha_weak whose password is admin123.

TE_SSH_WEAK_USER=paicha_weak
TE_SSH_WEAK_PASSWORD=admin123

TE_SSH_WEAK_GECOS="paicha testenv weak-password account"

# Created only when absent, with no shell: it exists to be found by a weak-password check, never
# to log in for real. Its home is / because vsftpd (ftp-secure) must enter an existing home
# before it moves to its own local_root.
te_ensure_weak_user() {
  if ! id "$TE_SSH_WEAK_USER" >/dev/null 2>&1; then
    useradd -M -d / -s /usr/sbin/nologin -c "$TE_SSH_WEAK_GECOS" "$TE_SSH_WEAK_USER"
    printf '%s:%s\n' "$TE_SSH_WEAK_USER" "$TE_SSH_WEAK_PASSWORD" | chpasswd
    te_log "created OS user $TE_SSH_WEAK_USER (password $TE_SSH_WEAK_PASSWORD)"
  fi
  local entry
  entry=$(getent passwd "$TE_SSH_WEAK_USER")
  IFS=: read -r _ _ _ _ gecos home _ <<<"$entry"
  if [[ $gecos == "$TE_SSH_WEAK_GECOS" && ! -d $home ]]; then
    usermod -d / "$TE_SSH_WEAK_USER"
  fi
}

# The version the server announces, read from its own banner.
te_sshd_banner_version() {
  local port=$1 banner=""
  exec 3<>"/dev/tcp/$TE_HOST/$port"
  IFS= read -r -t 5 banner <&3 || true
  exec 3>&-
  banner=${banner%$'\r'}
  banner=${banner#SSH-2.0-OpenSSH_}
  printf '%s' "${banner%% *}"
}

te_start_sshd() {
  local dir=$TE_DIR/sshd
  mkdir -p "$dir"
  install -d -m 755 /run/sshd
  te_ensure_weak_user
  ssh-keygen -q -N "" -t ed25519 -f "$dir/ssh_host_ed25519_key" -C paicha-testenv
  ssh-keygen -q -N "" -t ecdsa -b 256 -f "$dir/ssh_host_ecdsa_key" -C paicha-testenv
  cat >"$dir/sshd_config" <<CONF
Port 22
Port 10022
ListenAddress $TE_HOST
HostKey $dir/ssh_host_ed25519_key
HostKey $dir/ssh_host_ecdsa_key
PidFile $dir/sshd.pid
UsePAM no
PasswordAuthentication yes
KbdInteractiveAuthentication no
PermitRootLogin no
MaxAuthTries 6
MaxStartups 50:30:100
LoginGraceTime 30
AllowUsers $TE_SSH_WEAK_USER
X11Forwarding no
AllowTcpForwarding no
PermitTunnel no
LogLevel VERBOSE
CONF
  if ! /usr/sbin/sshd -t -f "$dir/sshd_config" >"$dir/sshd.log" 2>&1; then
    te_log_tail "$dir/sshd.log"
    te_die "instance sshd: /usr/sbin/sshd -t rejected $dir/sshd_config"
  fi
  if ! /usr/sbin/sshd -f "$dir/sshd_config" -E "$dir/sshd.log" </dev/null >/dev/null 2>&1; then
    te_log_tail "$dir/sshd.log"
    te_die "instance sshd: /usr/sbin/sshd failed to start"
  fi
  local pid
  pid=$(te_wait_pidfile sshd "$dir/sshd.pid" "$dir/sshd.log")
  te_track sshd "$pid" sshd TERM
  te_wait_tcp sshd 22 "$pid" sshd "$dir/sshd.log"
  te_wait_tcp sshd 10022 "$pid" sshd "$dir/sshd.log"
  local version
  version=$(te_sshd_banner_version 22)
  [[ -n $version ]] || version=$(/usr/sbin/sshd -V 2>&1 | sed -nE 's/^OpenSSH_([^ ,]+).*/\1/p')
  local notes="one sshd on 22 and 10022; PasswordAuthentication yes, MaxAuthTries 6, UsePAM no; weak OS user $TE_SSH_WEAK_USER/$TE_SSH_WEAK_PASSWORD (the only user allowed)"
  te_instance_line sshd ssh 22 "$version" insecure "$notes"
  te_instance_line sshd-alt ssh 10022 "$version" insecure "second port of sshd (same process)"
  te_env PAICHA_TE_SSHD_PORT 22
  te_env PAICHA_TE_SSHD_ALT_PORT 10022
  te_env PAICHA_TE_SSHD_LOG "$dir/sshd.log"
  te_env PAICHA_TE_SSHD_VERSION "$version"
  te_secret PAICHA_TE_SSH_WEAK_USER "$TE_SSH_WEAK_USER"
  te_secret PAICHA_TE_SSH_WEAK_PASSWORD "$TE_SSH_WEAK_PASSWORD"
}
