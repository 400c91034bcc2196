#!/usr/bin/env bash
# redline calibrate: A/A rounds of the PR suite against one build, then each measurement's noise and
# the smallest change the gate can detect at its threshold; measurements too noisy to gate are marked.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'USAGE'
Usage: redline calibrate [options]

Measures this checkout ROUNDS times with the gate's PR load run (and the quick JMH profile), then
reports per measurement the run-to-run noise and the smallest change the gate detects with its
rounds per side, marking measurements too noisy to gate at their threshold.

  --rounds N            A/A load runs (default 8, min 4)                       env REDLINE_CALIBRATE_ROUNDS
  --per-side N          runs per side the gate compares (default 5)            env REDLINE_GATE_ROUNDS
  --seconds S           length of one load run in seconds (default 20)         env REDLINE_GATE_SECONDS
  --rps R               arrival rate, users/s (default 40)                     env REDLINE_GATE_RPS
  --jmh-rounds N        A/A JMH runs, quick profile (default 0; >= 3 to calibrate JMH)
  --report-dir DIR      where noise-load.md and noise-jmh.md go (default .redline/calibrate)
  -h, --help            this text
Exit codes: 0 calibrated, 2 usage or input error.
USAGE
}

ROUNDS=${REDLINE_CALIBRATE_ROUNDS:-8}
PER_SIDE=${REDLINE_GATE_ROUNDS:-5}
SECONDS_PER_RUN=${REDLINE_GATE_SECONDS:-20}
RPS=${REDLINE_GATE_RPS:-40}
JMH_ROUNDS=0
REPORT_DIR=""
while (($#)); do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --rounds) ROUNDS=${2:?}; shift 2 ;;
    --per-side) PER_SIDE=${2:?}; shift 2 ;;
    --seconds) SECONDS_PER_RUN=${2:?}; shift 2 ;;
    --rps) RPS=${2:?}; shift 2 ;;
    --jmh-rounds) JMH_ROUNDS=${2:?}; shift 2 ;;
    --report-dir) REPORT_DIR=${2:?}; shift 2 ;;
    *) usage >&2; die "unknown argument '$1' for 'redline calibrate'" ;;
  esac
done
require_whole --rounds "${ROUNDS}"
require_whole --per-side "${PER_SIDE}"
require_whole --seconds "${SECONDS_PER_RUN}"
require_whole --rps "${RPS}"
require_whole --jmh-rounds "${JMH_ROUNDS}"
((ROUNDS >= 4)) || die "--rounds must be at least 4, got ${ROUNDS}"
((JMH_ROUNDS == 0 || JMH_ROUNDS >= 3)) || die "--jmh-rounds must be 0 or at least 3, got ${JMH_ROUNDS}"

install_traps
REPORT_DIR=${REPORT_DIR:-${REDLINE_DIR}/calibrate}
WORK="${REDLINE_DIR}/calibrate-work"
rm -rf "${WORK}"
mkdir -p "${WORK}" "${REPORT_DIR}"
STEP_TOTAL=$(( JMH_ROUNDS > 0 ? 6 : 5 ))
say "calibrate: ${ROUNDS} A/A load runs of ${SECONDS_PER_RUN} s at ${RPS}/s, ${JMH_ROUNDS} JMH runs; gate compares ${PER_SIDE} runs per side"

JMH_MODULES=()
((JMH_ROUNDS > 0)) && JMH_MODULES=(micro-benchmarks)
step "building what is missing"
ensure_built "${ROOT}" platform-api load-simulations regression-checker "${JMH_MODULES[@]}"

step "starting platform-api"
PORT=$(free_port)
start_platform calibrate "${ROOT}" "${PORT}" "${WORK}/platform"

step "warming up (not recorded)"
warm_up "${PORT}" "${WORK}/warmup" "warm-up"

step "measuring: ${ROUNDS} A/A load runs"
for r in $(seq 1 "${ROUNDS}"); do
  load_run aa "${PORT}" "${WORK}/load-${r}" "run ${r}/${ROUNDS}"
done
stop_all

if ((JMH_ROUNDS > 0)); then
  step "measuring: ${JMH_ROUNDS} A/A JMH runs (quick profile)"
  for r in $(seq 1 "${JMH_ROUNDS}"); do
    out="${WORK}/jmh-${r}.json"
    say "  JMH run ${r}/${JMH_ROUNDS}..."
    run_jmh_quick "${ROOT}" "${out}" >"${out%.json}.log" 2>&1 || { tail -20 "${out%.json}.log" >&2; die "JMH failed; log ${out%.json}.log"; }
    printf '%s\n' "${out}" >>"${WORK}/aa-jmh-runs.txt"
  done
fi

step "noise per measurement"
mapfile -t LOAD_RUNS <"${WORK}/aa-load-runs.txt"
checker noise --per-side "${PER_SIDE}" --suite pr --profile pr --markdown "${REPORT_DIR}/noise-load.md" "${LOAD_RUNS[@]}"
if ((JMH_ROUNDS > 0)); then
  mapfile -t JMH_RUNS <"${WORK}/aa-jmh-runs.txt"
  checker noise --per-side "${PER_SIDE}" --profile quick --markdown "${REPORT_DIR}/noise-jmh.md" "${JMH_RUNS[@]}"
fi
say "reports: ${REPORT_DIR}/noise-load.md$( ((JMH_ROUNDS > 0)) && echo ", ${REPORT_DIR}/noise-jmh.md")"
