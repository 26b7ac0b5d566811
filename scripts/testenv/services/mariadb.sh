# shellcheck shell=bash
# MariaDB: mariadb-anon (insecure, default port), mariadb-secure, and mariadb-weak (a weak
# password, TLS offered but optional, binary logs kept 7 days). mariadb-install-db runs once
# per version into the cache (te_cached_datadir) and each instance gets a copy.

te_mariadb_version() { mariadbd --version | sed -nE 's/.* Ver ([0-9.]+)-MariaDB.*/\1/p'; }

te_mariadb_install_db() {
  local datadir=$1 log=$2
  mariadb-install-db --no-defaults --datadir="$datadir" --user=root --skip-test-db \
    --auth-root-authentication-method=normal --skip-name-resolve >"$log" 2>&1
}

te_mariadb_conf() {
  local dir=$1 port=$2
  cat <<CONF
[mariadbd]
user = root
datadir = $dir/data
socket = $dir/mariadb.sock
pid-file = $dir/mariadb.pid
log-error = $dir/mariadb.err
port = $port
bind-address = $TE_HOST
skip-name-resolve
skip-log-bin
performance_schema = OFF
innodb_buffer_pool_size = 16M
innodb_log_file_size = 8M
innodb_flush_log_at_trx_commit = 0
innodb_doublewrite = 0
general_log = OFF
general_log_file = $dir/general.log
CONF
}

te_mariadb_launch() {
  local name=$1 dir=$2 port=$3
  setsid mariadbd --defaults-file="$dir/my.cnf" </dev/null >>"$dir/mariadbd.out" 2>&1 &
  local pid=$!
  te_track_child "$name" "$pid" mariadbd TERM
  te_wait_tcp "$name" "$port" "$pid" mariadbd "$dir/mariadb.err"
}

# Runs SQL as root through the instance's own socket (root has no password yet).
te_mariadb_setup_sql() {
  local name=$1 dir=$2
  if ! mariadb --no-defaults --socket="$dir/mariadb.sock" -uroot >"$dir/setup.log" 2>&1; then
    te_log_tail "$dir/setup.log"
    te_log_tail "$dir/mariadb.err"
    te_die "instance $name: setting up users failed"
  fi
}

te_start_mariadb() {
  local version template anon=$TE_DIR/mariadb-anon secure=$TE_DIR/mariadb-secure
  local weak=$TE_DIR/mariadb-weak
  version=$(te_mariadb_version)
  template=$(te_cached_datadir "mariadb-$version" te_mariadb_install_db)
  mkdir -p "$anon" "$secure" "$weak"
  cp -a "$template" "$anon/data"
  cp -a "$template" "$secure/data"
  cp -a "$template" "$weak/data"

  {
    te_mariadb_conf "$anon" 3306
    echo "skip-ssl"
  } >"$anon/my.cnf"
  te_mariadb_launch mariadb-anon "$anon" 3306
  te_mariadb_setup_sql mariadb-anon "$anon" <<'SQL'
EXECUTE IMMEDIATE CONCAT('DROP USER IF EXISTS ''root''@''', @@hostname, '''');
CREATE USER 'root'@'%' IDENTIFIED BY '';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;
CREATE USER ''@'%';
CREATE USER ''@'localhost';
FLUSH PRIVILEGES;
SQL
  te_instance_line mariadb-anon mysql 3306 "$version" insecure \
    "root@'%', root@127.0.0.1 and root@localhost with EMPTY password; anonymous users ''@'%' and ''@'localhost'; no TLS; no audit plugin, general_log off"
  te_env PAICHA_TE_MARIADB_ANON_PORT 3306
  te_env PAICHA_TE_MARIADB_ANON_SOCKET "$anon/mariadb.sock"
  te_env PAICHA_TE_MARIADB_ANON_LOG "$anon/mariadb.err"
  te_env PAICHA_TE_MARIADB_ANON_GENERAL_LOG "$anon/general.log"
  te_secret PAICHA_TE_MARIADB_ANON_ROOT_USER root
  te_secret PAICHA_TE_MARIADB_ANON_ROOT_PASSWORD ""

  local root_password audit_password audit_notes="server_audit plugin not available"
  root_password=$(te_password)
  audit_password=$(te_password)
  {
    te_mariadb_conf "$secure" 13307
    cat <<CONF
ssl-cert = $TE_DIR/tls/cert.pem
ssl-key = $TE_DIR/tls/key.pem
ssl-ca = $TE_DIR/tls/cert.pem
require_secure_transport = ON
tls_version = TLSv1.2,TLSv1.3
CONF
    if [[ -e $(mariadbd --no-defaults --verbose --help 2>/dev/null |
      sed -nE 's/^plugin-dir[[:space:]]+//p')/server_audit.so ]]; then
      audit_notes="server_audit plugin logging to $secure/server_audit.log"
      cat <<CONF
plugin_load_add = server_audit
server_audit_logging = ON
server_audit_events = CONNECT,QUERY,TABLE
server_audit_output_type = file
server_audit_file_path = $secure/server_audit.log
CONF
    fi
  } >"$secure/my.cnf"
  chmod 600 "$secure/my.cnf"
  te_mariadb_launch mariadb-secure "$secure" 13307
  te_mariadb_setup_sql mariadb-secure "$secure" <<SQL
DROP USER IF EXISTS ''@'localhost', ''@'%';
EXECUTE IMMEDIATE CONCAT('DROP USER IF EXISTS ''root''@''', @@hostname, '''');
CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';
CREATE USER IF NOT EXISTS 'root'@'::1';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1', 'root'@'::1' WITH GRANT OPTION;
ALTER USER 'root'@'127.0.0.1' IDENTIFIED BY '$root_password';
ALTER USER 'root'@'::1' IDENTIFIED BY '$root_password';
ALTER USER 'root'@'localhost' IDENTIFIED BY '$root_password';
CREATE USER 'paicha_audit'@'127.0.0.1' IDENTIFIED BY '$audit_password';
GRANT PROCESS, SELECT ON *.* TO 'paicha_audit'@'127.0.0.1';
FLUSH PRIVILEGES;
SQL
  te_instance_line mariadb-secure mysql 13307 "$version" secure \
    "root with a strong password (PAICHA_TE_MARIADB_SECURE_ROOT_PASSWORD), no anonymous users; require_secure_transport=ON (self-signed cert); $audit_notes; general_log off; user paicha_audit (SELECT, PROCESS)"
  te_env PAICHA_TE_MARIADB_SECURE_PORT 13307
  te_env PAICHA_TE_MARIADB_SECURE_SOCKET "$secure/mariadb.sock"
  te_env PAICHA_TE_MARIADB_SECURE_LOG "$secure/mariadb.err"
  te_env PAICHA_TE_MARIADB_SECURE_AUDIT_LOG "$secure/server_audit.log"
  te_env PAICHA_TE_MARIADB_VERSION "$version"
  te_secret PAICHA_TE_MARIADB_SECURE_ROOT_PASSWORD "$root_password"
  te_secret PAICHA_TE_MARIADB_AUDIT_USER paicha_audit
  te_secret PAICHA_TE_MARIADB_AUDIT_PASSWORD "$audit_password"

  local weak_root_password weak_audit_password
  weak_root_password=$(te_password)
  weak_audit_password=$(te_password)
  {
    te_mariadb_conf "$weak" 23306 | sed '/^skip-log-bin$/d'
    cat <<CONF
log-bin = $weak/binlog
server_id = 1
expire_logs_days = 7
ssl-cert = $TE_DIR/tls/cert.pem
ssl-key = $TE_DIR/tls/key.pem
CONF
  } >"$weak/my.cnf"
  chmod 600 "$weak/my.cnf"
  te_mariadb_launch mariadb-weak "$weak" 23306
  te_mariadb_setup_sql mariadb-weak "$weak" <<SQL
DROP USER IF EXISTS ''@'localhost', ''@'%';
EXECUTE IMMEDIATE CONCAT('DROP USER IF EXISTS ''root''@''', @@hostname, '''');
CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';
CREATE USER IF NOT EXISTS 'root'@'::1';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'127.0.0.1', 'root'@'::1' WITH GRANT OPTION;
ALTER USER 'root'@'127.0.0.1' IDENTIFIED BY '$weak_root_password';
ALTER USER 'root'@'::1' IDENTIFIED BY '$weak_root_password';
ALTER USER 'root'@'localhost' IDENTIFIED BY '$weak_root_password';
CREATE USER 'admin'@'%' IDENTIFIED BY '123456';
GRANT SELECT ON *.* TO 'admin'@'%';
CREATE USER 'paicha_audit'@'127.0.0.1' IDENTIFIED BY '$weak_audit_password';
GRANT PROCESS, SELECT ON *.* TO 'paicha_audit'@'127.0.0.1';
FLUSH PRIVILEGES;
SQL
  te_instance_line mariadb-weak mysql 23306 "$version" insecure \
    "account admin@'%' with the dictionary password 123456 (global SELECT); TLS offered but not required; binary logs kept 7 days; user paicha_audit (SELECT, PROCESS)"
  te_env PAICHA_TE_MARIADB_WEAK_PORT 23306
  te_env PAICHA_TE_MARIADB_WEAK_LOG "$weak/mariadb.err"
  te_secret PAICHA_TE_MARIADB_WEAK_AUDIT_USER paicha_audit
  te_secret PAICHA_TE_MARIADB_WEAK_AUDIT_PASSWORD "$weak_audit_password"
}
