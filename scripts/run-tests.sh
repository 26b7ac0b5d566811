#!/usr/bin/env bash
# Runs the whole test suite against real servers on loopback.
#   scripts/run-tests.sh BUILD_DIR
# Starts scripts/testenv (stopped again on exit, failure or Ctrl-C), exports its ports and secrets
# (DIR/env, DIR/secrets.env) and PAICHA_TESTENV_DIR, runs ctest in BUILD_DIR, then every executable
# tests/integration/*.sh in name order with BUILD_DIR as argument. Ends with "N passed, M failed"
# and exits non-zero when anything failed. PAICHA_SANITIZED=1 marks a sanitizer build: same run.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
if [[ $# -ne 1 ]]; then
  echo "usage: scripts/run-tests.sh BUILD_DIR" >&2
  exit 2
fi
if [[ ! -d $1 ]]; then
  echo "run-tests: build directory '$1' does not exist (build first, e.g. make build)" >&2
  exit 2
fi
build=$(cd "$1" && pwd)
export PAICHA_TESTENV_DIR=${PAICHA_TESTENV_DIR:-/tmp/paicha-testenv}

ctest_log=$(mktemp)
child=""
keep_testenv=()
cleanup() {
  rm -f "$ctest_log"
  "$root/scripts/testenv/stop.sh" "${keep_testenv[@]}" "$PAICHA_TESTENV_DIR" || true
}
# Each step runs in its own session and is waited for with the wait builtin, which a trapped signal
# interrupts at once: Ctrl-C then stops the step and everything it started, not just ctest's
# current test (ctest catches SIGINT and carries on with the next test).
on_signal() {
  if [[ -n $child ]]; then
    kill -TERM -- "-$child" 2>/dev/null || true
    wait "$child" 2>/dev/null || true
  fi
  echo "run-tests: interrupted" >&2
  exit "$1"
}
trap cleanup EXIT
trap 'on_signal 130' INT
trap 'on_signal 143' TERM

# Runs "$@" in a new session (the shell has no job control, so setsid does not fork and $! is the
# session leader) and returns its status.
run_step() {
  local status=0
  setsid "$@" &
  child=$!
  wait "$child" || status=$?
  child=""
  return "$status"
}

if [[ ${PAICHA_SANITIZED:-0} == 1 ]]; then
  echo "run-tests: sanitizer build (ASAN_OPTIONS=${ASAN_OPTIONS:-}, UBSAN_OPTIONS=${UBSAN_OPTIONS:-})"
fi
if ! "$root/scripts/testenv/start.sh" "$PAICHA_TESTENV_DIR"; then
  keep_testenv=(--keep) # its logs explain why
  echo "run-tests: the test servers did not start (logs in $PAICHA_TESTENV_DIR)" >&2
  echo "0 passed, 1 failed"
  exit 1
fi
set -a
# shellcheck source=/dev/null
source "$PAICHA_TESTENV_DIR/env"
# shellcheck source=/dev/null
source "$PAICHA_TESTENV_DIR/secrets.env"
set +a

passed=0
failed=0

ctest_status=0
# shellcheck disable=SC2016 # expanded by the inner shell
run_step bash -c 'ctest --test-dir "$1" --output-on-failure -j1 2>&1 | tee "$2"; exit "${PIPESTATUS[0]}"' \
  ctest "$build" "$ctest_log" || ctest_status=$?
summary=$(grep -Eo '[0-9]+ tests? failed out of [0-9]+' "$ctest_log" | tail -n 1 || true)
if [[ $summary =~ ^([0-9]+)\ tests?\ failed\ out\ of\ ([0-9]+)$ ]]; then
  failed=$((failed + BASH_REMATCH[1]))
  passed=$((passed + BASH_REMATCH[2] - BASH_REMATCH[1]))
  if ((ctest_status != 0 && BASH_REMATCH[1] == 0)); then
    echo "run-tests: ctest exited with status $ctest_status although no test failed" >&2
    failed=$((failed + 1))
  fi
elif ((ctest_status != 0)); then
  echo "run-tests: ctest itself failed (status $ctest_status) in $build" >&2
  failed=$((failed + 1))
else
  echo "run-tests: ctest found no tests in $build"
fi

shopt -s nullglob
export LC_COLLATE=C
scripts=("$root"/tests/integration/*.sh)
for script in "${scripts[@]}"; do
  [[ -x $script ]] || continue
  name=${script#"$root"/}
  echo "run-tests: $name"
  started=$SECONDS
  status=0
  run_step "$script" "$build" || status=$?
  if ((status == 0)); then
    passed=$((passed + 1))
    echo "run-tests: PASS $name ($((SECONDS - started))s)"
  else
    failed=$((failed + 1))
    echo "run-tests: FAIL $name (status $status, $((SECONDS - started))s)"
  fi
done

echo "$passed passed, $failed failed"
((failed == 0))
