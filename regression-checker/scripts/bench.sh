#!/usr/bin/env bash
# redline bench [--profile quick|full]: runs the JMH micro-benchmarks, stores the result in the local
# history (and InfluxDB when INFLUX_URL is set) and compares it with the previous runs of this branch.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'USAGE'
Usage: redline bench [options]

  --profile NAME        quick (the PR gate's subset, ~90 s) or full (every benchmark, the nightly job;
                        default quick)                                         env REDLINE_JMH_PROFILE
  --report-dir DIR      where verdicts.md, junit.xml and report.html go
                        (default .redline/runs/<time>-jmh-<profile>/report)
  --no-compare          only record the run
  -h, --help            this text
Environment: REDLINE_JMH_ARGS (JMH options over the profile's, e.g. '-wi 0 -i 2 -r 500ms' for a
short local run; default none).
Exit codes: 0 pass, 1 regression, 2 usage or input error.
USAGE
}

PROFILE=${REDLINE_JMH_PROFILE:-quick}
REPORT_DIR=""
COMPARE=1
while (($#)); do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --profile) PROFILE=${2:?--profile needs quick or full}; shift 2 ;;
    --profile=*) PROFILE=${1#*=}; shift ;;
    --report-dir) REPORT_DIR=${2:?}; shift 2 ;;
    --no-compare) COMPARE=0; shift ;;
    *) usage >&2; die "unknown argument '$1' for 'redline bench'" ;;
  esac
done
case "${PROFILE}" in quick | full) ;; *) usage >&2; die "unknown profile '${PROFILE}'; use quick or full" ;; esac

install_traps
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RUN_DIR="${REDLINE_DIR}/runs/${STAMP}-jmh-${PROFILE}"
REPORT_DIR=${REPORT_DIR:-${RUN_DIR}/report}
mkdir -p "${RUN_DIR}"
STEP_TOTAL=3
step "building what is missing"
ensure_built "${ROOT}" micro-benchmarks regression-checker
step "running the ${PROFILE} JMH profile (JMH prints each iteration)"
OUT="${RUN_DIR}/jmh-${PROFILE}.json"
# shellcheck disable=SC2086 # REDLINE_JMH_ARGS is several JMH options, split on purpose
run_jmh "${PROFILE}" "${ROOT}" "${OUT}" ${REDLINE_JMH_ARGS:-} 2>&1 | tee "${RUN_DIR}/jmh.log"
[[ -s "${OUT}" ]] || die "JMH wrote no result to ${OUT}; see ${RUN_DIR}/jmh.log"
COMMIT=$(git_commit)
BRANCH=$(git_branch)
CODE=0
if ((COMPARE)); then
  step "comparing with the previous ${PROFILE} runs of ${BRANCH}"
  set +e
  checker compare --mode history --save --baseline-branch "${BRANCH}" --current "${OUT}" \
    --profile "${PROFILE}" --branch "${BRANCH}" --commit "${COMMIT}" --report-dir "${REPORT_DIR}"
  CODE=$?
  set -e
  ((CODE == 2)) && die "the comparison could not be made (see above); the JMH result is kept in ${OUT}"
else
  step "recording the run"
  checker ingest --profile "${PROFILE}" --branch "${BRANCH}" --commit "${COMMIT}" "${OUT}"
fi
say "JMH result:      ${OUT}"
[[ -f "${REPORT_DIR}/report.html" ]] && say "Redline report:  ${REPORT_DIR}/report.html"
((CODE == 1)) && { say "verdict: REGRESSION"; exit 1; }
say "verdict: pass"
