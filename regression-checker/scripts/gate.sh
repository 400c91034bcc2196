#!/usr/bin/env bash
# redline gate --base REF: the PR regression gate. Builds the base commit in a separate worktree,
# measures base and head on this machine in interleaved rounds (random order within each round) with
# the PR suite (short constant-rate load runs and the quick JMH profile), and decides with the `ab`
# baseline. Exit 0 pass, 1 regression, 2 usage or input error.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'USAGE'
Usage: redline gate --base REF [options]

Measures the base commit REF and this checkout (head) in interleaved rounds and fails on a
statistically significant slowdown beyond the threshold (10% by default).

  --base REF            git ref or commit of the baseline (required)            env REDLINE_GATE_BASE
  --rounds N            load rounds; each measures base and head once (default 8, min 2)
                                                                               env REDLINE_GATE_ROUNDS
  --seconds S           length of one load run in seconds (default 15)         env REDLINE_GATE_SECONDS
  --rps R               arrival rate of the load runs, users/s (default 40)    env REDLINE_GATE_RPS
  --jmh-rounds N        JMH rounds, quick profile (default 2; 0 skips JMH)     env REDLINE_GATE_JMH_ROUNDS
  --report-dir DIR      where summary.md, load/ and jmh/ reports go (default .redline/gate/report)
  --head-env K=V        extra environment for the head platform (repeatable), e.g. PLATFORM_DEGRADE_PERCENT=25
  --base-env K=V        extra environment for the base platform (repeatable)
  --seed N              seed of the round order (default: random; printed)
  (env only) REDLINE_WARMUP_RPS, REDLINE_WARMUP_SECONDS  the unrecorded warm-up run of each
                        platform (default 200/s for 45 s: the JIT compiles the hot paths first)
  (env only) REDLINE_GATE_USERS  users the load runs rotate over (default 20, so their token
                        lookups stay cached and CPU per request does not depend on how many
                        tokens a round happened to reload)
  (env only) REDLINE_METRICS_TOKEN, REDLINE_METRICS_PATH  the service's Prometheus scrape
                        (default dev-admin-token, /actuator/prometheus)
  -h, --help            this text

The head is this checkout as it is (uncommitted changes included). When REF is this checkout's
commit and the tree is clean, the head's build serves for both sides.
Exit codes: 0 pass, 1 regression, 2 usage or input error.
USAGE
}

BASE_REF=${REDLINE_GATE_BASE:-}
ROUNDS=${REDLINE_GATE_ROUNDS:-8}
SECONDS_PER_RUN=${REDLINE_GATE_SECONDS:-15}
RPS=${REDLINE_GATE_RPS:-40}
JMH_ROUNDS=${REDLINE_GATE_JMH_ROUNDS:-2}
REPORT_DIR=""
HEAD_ENV=()
BASE_ENV=()
ORDER_SEED=${REDLINE_GATE_SEED:-$((RANDOM % 10000))}
while (($#)); do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --base) BASE_REF=${2:?--base needs a git ref}; shift 2 ;;
    --base=*) BASE_REF=${1#*=}; shift ;;
    --rounds) ROUNDS=${2:?}; shift 2 ;;
    --seconds) SECONDS_PER_RUN=${2:?}; shift 2 ;;
    --rps) RPS=${2:?}; shift 2 ;;
    --jmh-rounds) JMH_ROUNDS=${2:?}; shift 2 ;;
    --report-dir) REPORT_DIR=${2:?}; shift 2 ;;
    --head-env) HEAD_ENV+=("${2:?--head-env needs K=V}"); shift 2 ;;
    --base-env) BASE_ENV+=("${2:?--base-env needs K=V}"); shift 2 ;;
    --seed) ORDER_SEED=${2:?}; shift 2 ;;
    *) usage >&2; die "unknown argument '$1' for 'redline gate'" ;;
  esac
done
[[ -n "${BASE_REF}" ]] || { usage >&2; die "--base REF is required (e.g. --base origin/main)"; }
require_whole --rounds "${ROUNDS}"
require_whole --seconds "${SECONDS_PER_RUN}"
require_whole --rps "${RPS}"
require_whole --jmh-rounds "${JMH_ROUNDS}"
require_whole --seed "${ORDER_SEED}"
((ROUNDS >= 2)) || die "--rounds must be at least 2 (the ab baseline needs two runs a side), got ${ROUNDS}"
((JMH_ROUNDS == 0 || JMH_ROUNDS >= 2)) || die "--jmh-rounds must be 0 or at least 2, got ${JMH_ROUNDS}"
for kv in "${HEAD_ENV[@]:-}" "${BASE_ENV[@]:-}"; do
  [[ -z "${kv}" || "${kv}" == *=* ]] || die "--head-env/--base-env take K=V, got '${kv}'"
done
BASE_SHA=$(git -C "${ROOT}" rev-parse --verify --quiet "${BASE_REF}^{commit}") || die "--base '${BASE_REF}' is not a commit in ${ROOT}"
HEAD_SHA=$(git_commit)
BRANCH=$(git_branch)

install_traps
GATE_STARTED=${SECONDS}
GATE_DIR="${REDLINE_DIR}/gate"
REPORT_DIR=${REPORT_DIR:-${GATE_DIR}/report}
WORK="${GATE_DIR}/work"
rm -rf "${WORK}" "${REPORT_DIR}"
mkdir -p "${WORK}" "${REPORT_DIR}"
STEP_TOTAL=$(( JMH_ROUNDS > 0 ? 7 : 6 ))
say "gate: base ${BASE_REF} (${BASE_SHA:0:12}) vs head ${HEAD_SHA:0:12} on ${BRANCH}; ${ROUNDS} load rounds of ${SECONDS_PER_RUN} s at ${RPS}/s, ${JMH_ROUNDS} JMH rounds; order seed ${ORDER_SEED}"

# ---- builds ---------------------------------------------------------------------------------------
JMH_MODULES=()
((JMH_ROUNDS > 0)) && JMH_MODULES=(micro-benchmarks)
step "building head (this checkout)"
ensure_built "${ROOT}" platform-api load-simulations regression-checker "${JMH_MODULES[@]}"

step "preparing base ${BASE_SHA:0:12}"
if [[ "${BASE_SHA}" == "${HEAD_SHA}" && -z "$(git -C "${ROOT}" status --porcelain --untracked-files=no)" ]]; then
  BASE_TREE=${ROOT}
  say "base is this checkout's clean commit: the head's build serves for both sides"
else
  BASE_TREE="${GATE_DIR}/base-tree"
  if [[ -d "${BASE_TREE}" ]]; then
    git -C "${ROOT}" worktree remove --force "${BASE_TREE}" 2>/dev/null || rm -rf "${BASE_TREE}"
  fi
  git -C "${ROOT}" worktree prune
  git -C "${ROOT}" worktree add --detach --quiet "${BASE_TREE}" "${BASE_SHA}"
  say "base worktree at ${BASE_TREE}"
  ensure_built "${BASE_TREE}" platform-api "${JMH_MODULES[@]}"
fi
if ((JMH_ROUNDS > 0)) && [[ ! -f "${BASE_TREE}/micro-benchmarks/target/benchmarks.jar" ]]; then
  warn "the base has no micro-benchmarks jar; the gate compares load runs only"
  JMH_ROUNDS=0
fi

# ---- platforms ------------------------------------------------------------------------------------
step "starting base and head platforms"
# Fresh databases each time: the base of one gate may be older than the schema a previous head left.
rm -rf "$(embedded_dir base)" "$(embedded_dir head)"
BASE_PORT=$(free_port)
start_platform base "${BASE_TREE}" "${BASE_PORT}" "${WORK}/base-platform" "${BASE_ENV[@]}"
HEAD_PORT=$(free_port)
while [[ "${HEAD_PORT}" == "${BASE_PORT}" ]]; do HEAD_PORT=$(free_port); done
start_platform head "${ROOT}" "${HEAD_PORT}" "${WORK}/head-platform" "${HEAD_ENV[@]}"

step "warming up both platforms (not recorded)"
warm_up "${BASE_PORT}" "${WORK}/warmup-base" "warm-up base"
warm_up "${HEAD_PORT}" "${WORK}/warmup-head" "warm-up head"

# Random order within each round, replayable: bash's RANDOM seeded once with the printed seed.
RANDOM=${ORDER_SEED}
ORDERS=()
for _ in $(seq 1 $((ROUNDS + JMH_ROUNDS))); do
  if ((RANDOM % 2)); then ORDERS+=("base head"); else ORDERS+=("head base"); fi
done
order_for_round() { echo "${ORDERS[$(($1 - 1))]}"; }

step "measuring: ${ROUNDS} interleaved load rounds"
for r in $(seq 1 "${ROUNDS}"); do
  for side in $(order_for_round "${r}"); do
    port=${BASE_PORT}
    [[ "${side}" == head ]] && port=${HEAD_PORT}
    load_run "${side}" "${port}" "${WORK}/load-${side}-${r}" "round ${r}/${ROUNDS} ${side}"
  done
done
stop_all

if ((JMH_ROUNDS > 0)); then
  step "measuring: ${JMH_ROUNDS} interleaved JMH rounds (quick profile)"
  for r in $(seq 1 "${JMH_ROUNDS}"); do
    for side in $(order_for_round "$((ROUNDS + r))"); do
      tree=${ROOT}
      [[ "${side}" == base ]] && tree=${BASE_TREE}
      out="${WORK}/jmh-${side}-${r}.json"
      say "  JMH round ${r}/${JMH_ROUNDS} ${side}..."
      run_jmh_quick "${tree}" "${out}" >"${out%.json}.log" 2>&1 || { tail -20 "${out%.json}.log" >&2; die "JMH failed for ${side}; log ${out%.json}.log"; }
      printf '%s\n' "${out}" >>"${WORK}/${side}-jmh-runs.txt"
    done
  done
fi

# ---- decide ---------------------------------------------------------------------------------------
step "deciding with the ab baseline"
mapfile -t BASE_LOAD <"${WORK}/base-load-runs.txt"
mapfile -t HEAD_LOAD <"${WORK}/head-load-runs.txt"
set +e
checker compare --mode ab --paired --suite pr --profile pr --branch "${BRANCH}" --commit "${HEAD_SHA}" \
  --baseline "${BASE_LOAD[@]}" --current "${HEAD_LOAD[@]}" --report-dir "${REPORT_DIR}/load" | tee "${REPORT_DIR}/load.txt"
LOAD_CODE=${PIPESTATUS[0]}
JMH_CODE=0
if ((JMH_ROUNDS > 0)); then
  mapfile -t BASE_JMH <"${WORK}/base-jmh-runs.txt"
  mapfile -t HEAD_JMH <"${WORK}/head-jmh-runs.txt"
  checker compare --mode ab --paired --profile quick --branch "${BRANCH}" --commit "${HEAD_SHA}" \
    --baseline "${BASE_JMH[@]}" --current "${HEAD_JMH[@]}" --report-dir "${REPORT_DIR}/jmh" | tee "${REPORT_DIR}/jmh.txt"
  JMH_CODE=${PIPESTATUS[0]}
fi
set -e
((LOAD_CODE == 2 || JMH_CODE == 2)) && die "the gate could not decide (see above); the runs are kept in ${WORK}"

ELAPSED=$((SECONDS - GATE_STARTED))
VERDICT=pass
((LOAD_CODE == 1 || JMH_CODE == 1)) && VERDICT=regression
{
  echo "## Redline gate: ${VERDICT^^}"
  echo
  echo "Base \`${BASE_REF}\` (${BASE_SHA:0:12}) vs head ${HEAD_SHA:0:12}: ${ROUNDS} interleaved load rounds of ${SECONDS_PER_RUN} s at ${RPS} users/s, ${JMH_ROUNDS} JMH rounds, ${ELAPSED} s in all."
  echo
  echo "### Load (PR suite)"
  cat "${REPORT_DIR}/load/verdicts.md" 2>/dev/null || echo "(no load verdicts)"
  if ((JMH_ROUNDS > 0)); then
    echo
    echo "### Micro-benchmarks (quick profile)"
    cat "${REPORT_DIR}/jmh/verdicts.md" 2>/dev/null || echo "(no JMH verdicts)"
  fi
} >"${REPORT_DIR}/summary.md"
say "reports: ${REPORT_DIR}/summary.md, ${REPORT_DIR}/load/report.html$( ((JMH_ROUNDS > 0)) && echo ", ${REPORT_DIR}/jmh/report.html")"
say "gate finished in ${ELAPSED} s: ${VERDICT^^}"
[[ "${VERDICT}" == pass ]] || exit 1
