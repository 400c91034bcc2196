#!/usr/bin/env bash
# Shared pieces of the orchestrating commands (`redline run`, `gate`, `calibrate`, `bench`): progress
# lines, building what is missing, starting and stopping platform-api, running Gatling and JMH.
# Sourced, never run. Everything started here is stopped on exit, Ctrl-C or failure.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
REDLINE_DIR="${REDLINE_HOME:-${ROOT}/.redline}"
CHECKER_JAR="${ROOT}/regression-checker/target/redline.jar"
SIM_CLASSPATH_FILE="load-simulations/target/redline-test-classpath.txt"
STEP_TOTAL=${STEP_TOTAL:-1}
STEP_NO=0
STARTED_PIDS=()

ts() { date -u +%H:%M:%S; }
say() { printf '[redline %s] %s\n' "$(ts)" "$*"; }
warn() { printf '[redline %s] warning: %s\n' "$(ts)" "$*" >&2; }
die() {
  printf 'redline: %s\n' "$*" >&2
  exit 2
}
step() {
  STEP_NO=$((STEP_NO + 1))
  say "[${STEP_NO}/${STEP_TOTAL}] $*"
}

# ---- processes ------------------------------------------------------------------------------------

# Stops every process this command started: SIGTERM first (platform-api shuts down gracefully and stops
# its embedded PostgreSQL), SIGKILL to the whole process group after 30 s.
stop_all() {
  local pid
  for pid in "${STARTED_PIDS[@]:-}"; do
    [[ -n "${pid}" ]] || continue
    kill -0 "${pid}" 2>/dev/null || continue
    kill -TERM "${pid}" 2>/dev/null || true
  done
  for pid in "${STARTED_PIDS[@]:-}"; do
    [[ -n "${pid}" ]] || continue
    for _ in $(seq 1 60); do kill -0 "${pid}" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "${pid}" 2>/dev/null; then
      warn "process ${pid} did not stop in 30 s; killing its process group"
      kill -KILL -- "-${pid}" 2>/dev/null || kill -KILL "${pid}" 2>/dev/null || true
    fi
  done
  STARTED_PIDS=()
}

on_exit() {
  local code=$?
  if ((${#STARTED_PIDS[@]})); then
    say "stopping what this command started..."
    stop_all
  fi
  exit "${code}"
}

on_interrupt() {
  echo >&2
  warn "interrupted"
  exit 130
}

install_traps() {
  trap on_exit EXIT
  trap on_interrupt INT TERM
}

# A free TCP port on 127.0.0.1.
free_port() {
  python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
PY
}

# ---- building -------------------------------------------------------------------------------------

# True when $1 is missing or any file under the following paths is newer than it.
stale() {
  local artifact=$1
  shift
  [[ ! -e "${artifact}" ]] && return 0
  [[ -n "$(find "$@" -newer "${artifact}" -type f -print -quit 2>/dev/null)" ]]
}

# Runs the Maven wrapper in directory $1 quietly; on failure shows the log's tail and exits 2.
maven() {
  local dir=$1 log=$2
  shift 2
  mkdir -p "$(dirname "${log}")"
  if ! (cd "${dir}" && ./mvnw -B -q "$@" >"${log}" 2>&1); then
    tail -40 "${log}" >&2
    die "the build failed in ${dir} (./mvnw $*); full log in ${log}"
  fi
}

# Builds platform-api, the simulations' test classes and classpath, and the checker in tree $1
# (default: this checkout) when any of them is missing or older than its sources.
ensure_built() {
  local tree=${1:-${ROOT}} what=()
  stale "${tree}/platform-api/target/platform-api.jar" "${tree}/platform-api/src/main" "${tree}/platform-api/pom.xml" && what+=(platform-api)
  stale "${tree}/${SIM_CLASSPATH_FILE}" "${tree}/load-simulations/src" "${tree}/load-simulations/pom.xml" && what+=(load-simulations)
  if [[ "${tree}" == "${ROOT}" ]]; then
    stale "${CHECKER_JAR}" "${ROOT}/regression-checker/src/main" "${ROOT}/regression-checker/pom.xml" && what+=(regression-checker)
  fi
  if ((${#what[@]} == 0)); then
    say "build is up to date (${tree})"
    return 0
  fi
  local modules
  modules=$(IFS=,; echo "${what[*]}")
  say "building ${modules} in ${tree} (a minute or two the first time)..."
  local started=${SECONDS}
  maven "${tree}" "${REDLINE_DIR}/logs/build-$(basename "${tree}").log" -pl "${modules}" -am package -DskipTests -Dspotless.check.skip=true
  if [[ " ${what[*]} " == *" load-simulations "* ]]; then
    maven "${tree}" "${REDLINE_DIR}/logs/classpath-$(basename "${tree}").log" -pl load-simulations \
      dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/redline-test-classpath.txt
  fi
  say "built ${modules} in $((SECONDS - started)) s"
}

# ---- platform-api ---------------------------------------------------------------------------------

# start_platform NAME TREE PORT DATA_DIR [ENV=VALUE...]: starts TREE's platform-api jar with the `load`
# profile on embedded PostgreSQL (or PLATFORM_DB_URL), waits for readiness, and records its pid.
start_platform() {
  local name=$1 tree=$2 port=$3 data=$4
  shift 4
  local jar="${tree}/platform-api/target/platform-api.jar" log="${data}/platform.log"
  [[ -f "${jar}" ]] || die "${jar} is missing; the build did not produce it"
  mkdir -p "${data}"
  say "starting platform-api (${name}) on 127.0.0.1:${port}, log ${log}"
  (
    cd "${data}"
    exec env PLATFORM_PORT="${port}" SPRING_PROFILES_ACTIVE="${PLATFORM_PROFILE:-load}" \
      PLATFORM_EMBEDDED_DIR="${PLATFORM_EMBEDDED_DIR:-${data}/pg}" "$@" \
      setsid java ${PLATFORM_JAVA_OPTS:--Xms512m -Xmx1g} -jar "${jar}"
  ) >"${log}" 2>&1 &
  local pid=$!
  STARTED_PIDS+=("${pid}")
  local deadline=$((SECONDS + ${PLATFORM_READY_TIMEOUT:-180})) last=""
  while ((SECONDS < deadline)); do
    if ! kill -0 "${pid}" 2>/dev/null; then
      tail -30 "${log}" >&2
      die "platform-api (${name}) exited during start-up; log ${log}"
    fi
    if curl -sf "http://127.0.0.1:${port}/actuator/health/readiness" >/dev/null 2>&1; then
      say "platform-api (${name}) ready in $((SECONDS - deadline + ${PLATFORM_READY_TIMEOUT:-180})) s"
      return 0
    fi
    # Progress: the newest interesting line of the platform's log (seeding, migrations, start-up).
    local line
    line=$(grep -E 'Seed|seed|Flyway|Migrat|Started|embedded|Embedded' "${log}" 2>/dev/null | tail -1 | cut -c1-160)
    if [[ -n "${line}" && "${line}" != "${last}" ]]; then
      say "  ${name}: ${line##*: }"
      last=${line}
    fi
    sleep 1
  done
  tail -30 "${log}" >&2
  die "platform-api (${name}) was not ready after ${PLATFORM_READY_TIMEOUT:-180} s; log ${log}"
}

# ---- Gatling --------------------------------------------------------------------------------------

# run_gatling TREE CLASS RESULTS_DIR DESCRIPTION [-Dprop=value...]: runs one simulation with TREE's
# compiled simulations, straight on the JVM (no Maven per run). Leaves <RESULTS_DIR>/<run folder>.
# Returns Gatling's exit code (non-zero when an assertion failed).
run_gatling() {
  local tree=$1 class=$2 results=$3 desc=$4
  shift 4
  local cp
  cp="${tree}/load-simulations/target/test-classes:$(cat "${tree}/${SIM_CLASSPATH_FILE}")"
  mkdir -p "${results}"
  local extra=()
  [[ "${REDLINE_REPORTS:-on}" == off ]] && extra+=(-nr)
  java ${GATLING_JAVA_OPTS:--Xms256m -Xmx1g} "$@" -cp "${cp}" io.gatling.app.Gatling \
    -s "${class}" -rf "${results}" -rd "${desc}" -l redline "${extra[@]}"
}

# The newest run folder under $1.
newest_run() {
  ls -1dt "$1"/*/ 2>/dev/null | head -1 | sed 's#/$##'
}

# Simulation class for a suite name: mixed -> dev.redline.simulations.MixedSimulation.
simulation_class() {
  local suite=$1 profile=$2
  case "${profile}" in
    stress) echo "dev.redline.simulations.StressSimulation" ;;
    spike) echo "dev.redline.simulations.SpikeSimulation" ;;
    soak) echo "dev.redline.simulations.SoakSimulation" ;;
    *)
      local cls
      cls="$(tr '[:lower:]' '[:upper:]' <<<"${suite:0:1}")${suite:1}"
      case "${suite}" in
        websocket) cls=WebSocket ;;
        ratelimit | rate-limit) cls=RateLimit ;;
      esac
      echo "dev.redline.simulations.${cls}Simulation"
      ;;
  esac
}

# ---- git ------------------------------------------------------------------------------------------
git_commit() { git -C "${1:-${ROOT}}" rev-parse HEAD 2>/dev/null || echo unknown; }
git_branch() {
  local b
  b=$(git -C "${1:-${ROOT}}" rev-parse --abbrev-ref HEAD 2>/dev/null || echo unknown)
  [[ "${b}" == HEAD ]] && b=${GITHUB_HEAD_REF:-${GITHUB_REF_NAME:-detached}}
  echo "${b}"
}

checker() { java ${REDLINE_JAVA_OPTS:-} -jar "${CHECKER_JAR}" "$@"; }
