#!/usr/bin/env bash
# Installs the Debian 12 packages paicha needs. Idempotent: quiet when everything is present.
#   scripts/install-deps.sh              build + test + benchmark packages (servers, peer tools)
#   scripts/install-deps.sh --build-only only what building and running paicha needs
set -euo pipefail

build_pkgs=(
  build-essential cmake pkg-config clang clang-format libclang-rt-14-dev
  libasio-dev libssl-dev libsqlite3-dev sqlite3
  libcli11-dev nlohmann-json3-dev libfmt-dev libspdlog-dev libyaml-cpp-dev
  libhyperscan-dev libpugixml-dev libzip-dev libarchive-dev libuchardet-dev
  libpoppler-cpp-dev libxlsxwriter-dev
  libpq-dev libmariadb-dev libhiredis-dev libmongoc-dev libbson-dev libssh-dev
)
test_pkgs=(
  libgtest-dev libgmock-dev libbenchmark-dev
  redis-server postgresql mariadb-server memcached openssh-server vsftpd inetutils-telnetd socat
  nmap hydra medusa ripgrep python3 python3-stdnum time bc curl procps iproute2
  libreoffice-calc libreoffice-writer libreoffice-impress poppler-utils
  python3-jsonschema fonts-wqy-zenhei
)

pkgs=("${build_pkgs[@]}")
[[ "${1:-}" == "--build-only" ]] || pkgs+=("${test_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

SUDO=""
[[ $(id -u) -eq 0 ]] || SUDO="sudo"
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# Server packages must not start system-wide instances: the tests start their own on loopback.
policy_created=0
if [[ ! -e /usr/sbin/policy-rc.d ]]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod +x /usr/sbin/policy-rc.d
  policy_created=1
fi
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
[[ $policy_created -eq 1 ]] && $SUDO rm -f /usr/sbin/policy-rc.d
exit 0
