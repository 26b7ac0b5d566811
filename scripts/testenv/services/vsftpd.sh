# shellcheck shell=bash
# vsftpd: ftp-anon (insecure: anonymous login, plaintext, default port) and ftp-secure (no
# anonymous, TLS forced for local logins). vsftpd writes no pid file, so it runs in the foreground
# (background=NO) as a child of this script and is tracked by $!.

# vsftpd prints its version on file descriptor 0, the control connection in inetd mode.
te_vsftpd_version() { vsftpd -v 0>&1 2>&1 | sed -nE 's/.*version ([0-9.]+).*/\1/p'; }

te_vsftpd_common_conf() {
  local dir=$1 port=$2 pasv_min=$3 pasv_max=$4
  cat <<CONF
listen=YES
listen_ipv6=NO
listen_address=$TE_HOST
listen_port=$port
background=NO
pasv_enable=YES
pasv_address=$TE_HOST
pasv_min_port=$pasv_min
pasv_max_port=$pasv_max
port_enable=NO
write_enable=NO
secure_chroot_dir=$dir/empty
nopriv_user=nobody
seccomp_sandbox=NO
isolate=NO
isolate_network=NO
xferlog_enable=YES
dual_log_enable=YES
log_ftp_protocol=YES
vsftpd_log_file=$dir/vsftpd.log
xferlog_file=$dir/xferlog
max_clients=50
max_per_ip=50
CONF
}

te_vsftpd_launch() {
  local name=$1 dir=$2 port=$3
  setsid vsftpd "$dir/vsftpd.conf" </dev/null >>"$dir/vsftpd.out" 2>&1 &
  local pid=$!
  te_track_child "$name" "$pid" vsftpd TERM
  te_wait_tcp "$name" "$port" "$pid" vsftpd "$dir/vsftpd.out"
}

te_start_vsftpd() {
  local version anon=$TE_DIR/ftp-anon secure=$TE_DIR/ftp-secure
  version=$(te_vsftpd_version)
  install -d -m 755 "$anon/empty" "$anon/pub" "$secure/empty" "$secure/home"
  printf 'paicha testenv: public file readable by anonymous FTP\n' >"$anon/pub/readme.txt"

  {
    te_vsftpd_common_conf "$anon" 21 40000 40049
    cat <<CONF
anonymous_enable=YES
anon_root=$anon/pub
no_anon_password=YES
anon_upload_enable=NO
anon_mkdir_write_enable=NO
local_enable=NO
ssl_enable=NO
CONF
  } >"$anon/vsftpd.conf"
  te_vsftpd_launch ftp-anon "$anon" 21
  te_instance_line ftp-anon ftp 21 "$version" insecure \
    "anonymous login allowed (read-only, pub/readme.txt); no TLS; passive ports 40000-40049"
  te_env PAICHA_TE_FTP_ANON_PORT 21
  te_env PAICHA_TE_FTP_ANON_LOG "$anon/vsftpd.log"

  {
    te_vsftpd_common_conf "$secure" 10021 40050 40099
    cat <<CONF
anonymous_enable=NO
local_enable=YES
chroot_local_user=YES
local_root=$secure/home
userlist_enable=YES
userlist_deny=NO
userlist_file=$secure/user_list
# No such PAM service: PAM then uses /etc/pam.d/other, whose pam_unix stack accepts the test user
# (the Debian vsftpd service also demands a login shell, which paicha_weak has not).
pam_service_name=paicha-testenv-ftp
ssl_enable=YES
rsa_cert_file=$TE_DIR/tls/cert.pem
rsa_private_key_file=$TE_DIR/tls/key.pem
force_local_logins_ssl=YES
force_local_data_ssl=YES
allow_anon_ssl=NO
ssl_tlsv1=YES
ssl_sslv2=NO
ssl_sslv3=NO
require_ssl_reuse=NO
ssl_ciphers=HIGH
CONF
  } >"$secure/vsftpd.conf"
  printf '%s\n' "${TE_SSH_WEAK_USER:-paicha_weak}" >"$secure/user_list"
  te_vsftpd_launch ftp-secure "$secure" 10021
  te_instance_line ftp-secure ftp 10021 "$version" secure \
    "no anonymous; local logins only over TLS (force_local_logins_ssl, self-signed cert); only user paicha_weak may log in; passive ports 40050-40099"
  te_env PAICHA_TE_FTP_SECURE_PORT 10021
  te_env PAICHA_TE_FTP_SECURE_LOG "$secure/vsftpd.log"
  te_env PAICHA_TE_FTP_VERSION "$version"
}
