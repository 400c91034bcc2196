#!/usr/bin/env bash
# End-to-end proof that the gate works, run by .ci/run after the tests:
#   1. the same build against itself (A/A) must pass (exit 0);
#   2. the same build with PLATFORM_DEGRADE_PERCENT=25 on the head must fail (exit 1), and the
#      summary must name the slowed endpoints.
# Prints how many of the three outcomes were right and exits non-zero when one was wrong (.ci/run
# then fails unless CI_GATE_E2E_STRICT=0).
# Settings: REDLINE_E2E_ROUNDS (default 8), REDLINE_E2E_SECONDS (default 15), REDLINE_E2E_RPS (40).
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ROUNDS=${REDLINE_E2E_ROUNDS:-8}
SECS=${REDLINE_E2E_SECONDS:-15}
RPS=${REDLINE_E2E_RPS:-40}
OUT=${REDLINE_E2E_DIR:-${ROOT}/.redline/gate-e2e}
rm -rf "${OUT}"
mkdir -p "${OUT}"
passed=0
failed=0
check() {
  local name=$1 ok=$2 detail=$3
  if ((ok)); then
    passed=$((passed + 1))
    echo "[gate-e2e] PASS ${name}: ${detail}"
  else
    failed=$((failed + 1))
    echo "[gate-e2e] FAIL ${name}: ${detail}"
  fi
}
gate() {
  local name=$1
  shift
  local started=${SECONDS}
  "${ROOT}/redline" gate --base HEAD --rounds "${ROUNDS}" --seconds "${SECS}" --rps "${RPS}" --jmh-rounds 0 \
    --report-dir "${OUT}/${name}" "$@" >"${OUT}/${name}.log" 2>&1
  local code=$?
  echo "[gate-e2e] ${name}: exit ${code} after $((SECONDS - started)) s (log ${OUT}/${name}.log)"
  return "${code}"
}

gate same-build
code=$?
check "same build against itself passes" "$((code == 0))" "exit ${code}; $(grep -E '^(PASS|FAIL):' "${OUT}/same-build.log" | tail -1)"

gate degraded --head-env PLATFORM_DEGRADE_PERCENT=25
code=$?
# The one-line verdicts ("REGRESSION <request> <metric>: ..."), not the table rows.
named=$(grep -E '^REGRESSION [^ ].*: ' "${OUT}/degraded.log" | sed -E 's/^REGRESSION (.+) [a-z0-9_]+: .*/\1/' | sort -u | paste -sd ';' | sed 's/;/; /g')
check "PLATFORM_DEGRADE_PERCENT=25 fails the gate" "$((code == 1))" "exit ${code}; $(grep -E '^(PASS|FAIL):' "${OUT}/degraded.log" | tail -1)"
check "the report names the slowed endpoints" "$([[ "${named}" =~ (GET|POST|PUT|DELETE)\  ]] && grep -q 'REGRESSION' "${OUT}/degraded/summary.md" 2>/dev/null && echo 1 || echo 0)" "${named:-none named}"

echo "[gate-e2e] ${passed} of $((passed + failed)) outcomes right"
((failed == 0))
