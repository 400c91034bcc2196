#!/usr/bin/env bash
# redline run [SUITE] [--profile load|stress|spike|soak] [options]
# One command for a local run: build what is missing, start platform-api on embedded PostgreSQL with
# seeded data, run the suite, ingest the results into the local history, compare them with the
# previous local runs, print the verdicts and where the reports are. Stops what it started on exit.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() {
  cat <<'USAGE'
Usage: redline run [SUITE] [options]

Runs one Gatling suite against a platform-api this command starts, stores the result in the local
history (and InfluxDB when INFLUX_URL is set) and compares it with the previous runs.

  SUITE                 mixed (default), dashboard, sessions, config, websocket, ratelimit
  --profile NAME        load (default), stress, spike, soak                      env REDLINE_PROFILE
  --size NAME           full (default) or smoke: the simulation's built-in sizes   env REDLINE_SIZE
  --duration D          soak duration, e.g. 90s, 2m, 30m (default 2m)            env REDLINE_DURATION
  --base-url URL        measure a running platform instead of starting one      env REDLINE_BASE_URL
  --report-dir DIR      where verdicts.md, junit.xml and report.html go
                        (default .redline/runs/<time>-<suite>-<profile>/report)
  --no-compare          only record the run
  -D<prop>=<value>      passed to the simulation (see load-simulations/README.md)
  -h, --help            this text

Environment: PLATFORM_SEED_SESSIONS (seeded sessions, default 20000), INFLUX_URL (also store in
InfluxDB), REDLINE_HOME (default .redline). The platform always runs on its own embedded PostgreSQL
(kept between runs, so the seed loads once); use --base-url to measure a platform you started yourself.
Exit codes: 0 pass, 1 regression or a failed simulation assertion, 2 usage or input error.
USAGE
}

SUITE=mixed
PROFILE=${REDLINE_PROFILE:-load}
SIZE=${REDLINE_SIZE:-full}
DURATION=${REDLINE_DURATION:-}
BASE_URL=${REDLINE_BASE_URL:-}
REPORT_DIR=""
COMPARE=1
SIM_PROPS=()
seen_suite=0
while (($#)); do
  case "$1" in
    -h | --help) usage; exit 0 ;;
    --profile) PROFILE=${2:?--profile needs a value}; shift 2 ;;
    --profile=*) PROFILE=${1#*=}; shift ;;
    --size) SIZE=${2:?--size needs a value}; shift 2 ;;
    --duration) DURATION=${2:?--duration needs a value}; shift 2 ;;
    --duration=*) DURATION=${1#*=}; shift ;;
    --base-url) BASE_URL=${2:?--base-url needs a value}; shift 2 ;;
    --report-dir) REPORT_DIR=${2:?--report-dir needs a value}; shift 2 ;;
    --no-compare) COMPARE=0; shift ;;
    -D*) SIM_PROPS+=("$1"); shift ;;
    -*) usage >&2; die "unknown option '$1' for 'redline run'" ;;
    *)
      ((seen_suite)) && { usage >&2; die "one suite at a time; got '${SUITE}' and '$1'"; }
      SUITE=$1; seen_suite=1; shift ;;
  esac
done
case "${PROFILE}" in load | stress | spike | soak) ;; *) usage >&2; die "unknown profile '${PROFILE}'; use load, stress, spike or soak" ;; esac
case "${SUITE}" in mixed | dashboard | sessions | config | websocket | ratelimit) ;; *) usage >&2; die "unknown suite '${SUITE}'; use mixed, dashboard, sessions, config, websocket or ratelimit" ;; esac
case "${SIZE}" in full | smoke) ;; *) usage >&2; die "unknown size '${SIZE}'; use full or smoke" ;; esac
if [[ -n "${DURATION}" ]]; then
  [[ "${PROFILE}" == soak ]] || die "--duration applies to the soak profile only (got --profile ${PROFILE})"
  [[ "${DURATION}" =~ ^([0-9]+)([sm]?)$ ]] || die "--duration must look like 90s, 2m or 30m; got '${DURATION}'"
  SOAK_SECONDS=${BASH_REMATCH[1]}
  [[ "${BASH_REMATCH[2]}" == m ]] && SOAK_SECONDS=$((SOAK_SECONDS * 60))
  SIM_PROPS+=("-Dsoak.seconds=${SOAK_SECONDS}")
fi

install_traps
STEP_TOTAL=$(( ${#BASE_URL} ? 3 : 4 ))  # build, [start,] run, compare or record
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RUN_DIR="${REDLINE_DIR}/runs/${STAMP}-${SUITE}-${PROFILE}"
REPORT_DIR=${REPORT_DIR:-${RUN_DIR}/report}
mkdir -p "${RUN_DIR}"
CLASS=$(simulation_class "${SUITE}" "${PROFILE}")
SUITE_NAME=${SUITE}
say "run ${SUITE} (${CLASS##*.}), profile ${PROFILE}, size ${SIZE}; files in ${RUN_DIR}"

step "building what is missing"
ensure_built "${ROOT}"

if [[ -z "${BASE_URL}" ]]; then
  step "starting platform-api on embedded defaults"
  PORT=$(free_port)
  start_platform local "${ROOT}" "${PORT}" "${REDLINE_DIR}/platform"
  BASE_URL="http://127.0.0.1:${PORT}"
fi

step "running ${CLASS##*.} against ${BASE_URL} (Gatling prints progress every 5 s)"
set +e
run_gatling "${ROOT}" "${CLASS}" "${RUN_DIR}/gatling" "redline run ${SUITE} ${PROFILE}" \
  "-DbaseUrl=${BASE_URL}" "-Dsize=${SIZE}" "${SIM_PROPS[@]}" 2>&1 | tee "${RUN_DIR}/gatling.log"
GATLING_CODE=${PIPESTATUS[0]}
set -e
RESULT=$(newest_run "${RUN_DIR}/gatling")
[[ -n "${RESULT}" && -f "${RESULT}/simulation.log" ]] || die "Gatling left no simulation.log under ${RUN_DIR}/gatling (exit ${GATLING_CODE}); see ${RUN_DIR}/gatling.log"
((GATLING_CODE == 0)) || warn "the simulation's own assertions failed (Gatling exit ${GATLING_CODE}); the run is still recorded"

# The platform is no longer needed: stop it before the comparison so its shutdown is not measured.
stop_all

COMMIT=$(git_commit)
BRANCH=$(git_branch)
COMPARE_CODE=0
if ((COMPARE)); then
  step "comparing with the previous local runs of ${BRANCH}"
  set +e
  checker compare --mode history --save --baseline-branch "${BRANCH}" \
    --current "${RESULT}" --suite "${SUITE_NAME}" --profile "${PROFILE}" --branch "${BRANCH}" \
    --commit "${COMMIT}" --report-dir "${REPORT_DIR}"
  COMPARE_CODE=$?
  set -e
  ((COMPARE_CODE == 2)) && die "the comparison could not be made (see above); the Gatling run is kept in ${RESULT}"
else
  step "recording the run"
  checker ingest --suite "${SUITE_NAME}" --profile "${PROFILE}" --branch "${BRANCH}" --commit "${COMMIT}" "${RESULT}"
fi

say "Gatling report:  ${RESULT}/index.html"
[[ -f "${REPORT_DIR}/report.html" ]] && say "Redline report:  ${REPORT_DIR}/report.html"
[[ -f "${REPORT_DIR}/verdicts.md" ]] && say "Markdown summary: ${REPORT_DIR}/verdicts.md"
if ((COMPARE_CODE == 1)); then
  say "verdict: REGRESSION"
  exit 1
fi
if ((GATLING_CODE != 0)); then
  say "verdict: the simulation's assertions failed"
  exit 1
fi
say "verdict: pass"
