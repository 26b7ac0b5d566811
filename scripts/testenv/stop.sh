#!/usr/bin/env bash
# Stops every server that start.sh started in DIR (by the pid files in DIR/run) and removes DIR.
# Safe to call twice, and when nothing runs.
#   scripts/testenv/stop.sh [--keep] [DIR]    DIR defaults to $PAICHA_TESTENV_DIR or /tmp/paicha-testenv
#   --keep   stop the servers but keep DIR (its logs) for inspection
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
keep=0
if [[ ${1:-} == --keep ]]; then
  keep=1
  shift
fi
TE_DIR=${1:-${PAICHA_TESTENV_DIR:-/tmp/paicha-testenv}}
# shellcheck source=scripts/testenv/lib.sh
source "$here/lib.sh"

if [[ ! -e $TE_DIR ]]; then
  te_log "nothing to stop: $TE_DIR does not exist"
  exit 0
fi
[[ -d $TE_DIR ]] || te_die "$TE_DIR is not a directory; refusing to touch it"
TE_DIR=$(cd "$TE_DIR" && pwd)
if [[ ! -e $TE_DIR/$TE_MARKER ]]; then
  # Never delete a directory that start.sh did not create.
  if [[ -z $(ls -A "$TE_DIR") ]]; then
    rmdir "$TE_DIR"
    exit 0
  fi
  te_die "$TE_DIR has no $TE_MARKER marker: not a testenv directory, refusing to stop or delete anything"
fi

declare -A stopping=()
shopt -s nullglob
for pidfile in "$TE_DIR"/run/*.pid; do
  name=$(basename "$pidfile" .pid)
  read -r pid comm signal <"$pidfile" || continue
  [[ $pid =~ ^[0-9]+$ ]] || continue
  if te_is_running "$pid" "$comm"; then
    kill "-$signal" "$pid" 2>/dev/null || true
    stopping[$name]="$pid $comm"
  fi
done

deadline=$((SECONDS + 15))
while ((${#stopping[@]} > 0)); do
  for name in "${!stopping[@]}"; do
    read -r pid comm <<<"${stopping[$name]}"
    te_is_running "$pid" "$comm" || unset "stopping[$name]"
  done
  ((${#stopping[@]} > 0)) || break
  if ((SECONDS >= deadline)); then
    for name in "${!stopping[@]}"; do
      read -r pid comm <<<"${stopping[$name]}"
      te_log "instance $name ($comm, pid $pid) ignored its stop signal for 15s: killing it"
      kill -KILL "$pid" 2>/dev/null || true
    done
    sleep 0.2
    break
  fi
  sleep 0.1
done
rm -f "$TE_DIR"/run/*.pid

if ((keep)); then
  te_log "stopped; kept $TE_DIR"
else
  rm -rf "$TE_DIR"
  te_log "stopped and removed $TE_DIR"
fi
