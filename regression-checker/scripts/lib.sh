#!/usr/bin/env bash
# Shared pieces of `bench` (`run`, `gate`, `calibrate` and `gate-proof` are Java): progress
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

# require_whole FLAG VALUE: a usage error naming the flag unless VALUE is a whole number.
require_whole() {
  [[ "$2" =~ ^[0-9]+$ ]] || die "$1 must be a whole number, got '$2'"
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

# ensure_built TREE [MODULE...]: builds the modules of checkout TREE (default: platform-api,
# load-simulations and regression-checker of this checkout) that are missing or older than their
# sources, in one Maven run. load-simulations also gets its test classpath written for run_gatling.
ensure_built() {
  local tree=${1:-${ROOT}}
  shift || true
  local wanted=("$@") what=() m
  ((${#wanted[@]})) || wanted=(platform-api load-simulations regression-checker)
  for m in "${wanted[@]}"; do
    [[ -d "${tree}/${m}" ]] || continue
    case "${m}" in
      platform-api) stale "${tree}/platform-api/target/platform-api.jar" "${tree}/platform-api/src/main" "${tree}/platform-api/pom.xml" && what+=("${m}") ;;
      load-simulations) stale "${tree}/${SIM_CLASSPATH_FILE}" "${tree}/load-simulations/src" "${tree}/load-simulations/pom.xml" && what+=("${m}") ;;
      regression-checker) stale "${tree}/regression-checker/target/redline.jar" "${tree}/regression-checker/src/main" "${tree}/regression-checker/pom.xml" && what+=("${m}") ;;
      micro-benchmarks) stale "${tree}/micro-benchmarks/target/benchmarks.jar" "${tree}/micro-benchmarks/src/main" "${tree}/micro-benchmarks/pom.xml" "${tree}/platform-api/src/main" "${tree}/regression-checker/src/main" && what+=("${m}") ;;
    esac
  done
  if ((${#what[@]} == 0)); then
    say "build is up to date (${tree})"
    return 0
  fi
  local modules
  modules=$(IFS=,; echo "${what[*]}")
  say "building ${modules} in ${tree} (a minute or two the first time)..."
  local started=${SECONDS} tag
  tag=$(basename "${tree}")
  maven "${tree}" "${REDLINE_DIR}/logs/build-${tag}.log" -pl "${modules}" -am package -DskipTests -Dspotless.check.skip=true -Dmaven.jar.forceCreation=true
  if [[ " ${what[*]} " == *" load-simulations "* ]]; then
    maven "${tree}" "${REDLINE_DIR}/logs/classpath-${tag}.log" -pl load-simulations \
      dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/redline-test-classpath.txt
    [[ -s "${tree}/${SIM_CLASSPATH_FILE}" ]] || die "the simulations' classpath came out empty (${tree}/${SIM_CLASSPATH_FILE})"
  fi
  say "built ${modules} in $((SECONDS - started)) s"
}

# ---- platform-api ---------------------------------------------------------------------------------

# Where platform NAME keeps its embedded PostgreSQL. PostgreSQL cannot run as root, so as root the
# platform runs it as `nobody`, which cannot reach folders under /root: then the data lives under
# /var/lib/redline/<checkout hash>/NAME instead of the checkout's .redline folder.
embedded_dir() {
  local name=$1
  if [[ ${EUID:-$(id -u)} -eq 0 ]]; then
    echo "/var/lib/redline/$(printf '%s' "${ROOT}" | md5sum | cut -c1-8)/${name}"
  else
    echo "${REDLINE_DIR}/pg/${name}"
  fi
}

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
    # Each platform this command starts gets its own embedded PostgreSQL (a shared database would
    # let base and head disturb each other), even where PLATFORM_DB_URL is set for the tests.
    exec env -u PLATFORM_DB_URL PLATFORM_PORT="${port}" SPRING_PROFILES_ACTIVE="${PLATFORM_PROFILE:-load}" \
      PLATFORM_EMBEDDED_DIR="${PLATFORM_EMBEDDED_DIR:-$(embedded_dir "${name}")}" "$@" \
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
    line=$(grep -E 'Seed|seed|Flyway|Migrat|Started|embedded|Embedded' "${log}" 2>/dev/null | tail -1 || true)
    if [[ -n "${line}" && "${line}" != "${last}" ]]; then
      last=${line}
      line=${line##*: }
      say "  ${name}: ${line:0:150}"
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
  # Gatling's own launchers open these JDK internals to it (its log writer interns strings fast).
  java ${GATLING_JAVA_OPTS:--Xms256m -Xmx1g} --add-opens=java.base/java.lang=ALL-UNNAMED \
    --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED \
    "$@" -cp "${cp}" io.gatling.app.Gatling \
    -s "${class}" -rf "${results}" -rd "${desc}" -l redline "${extra[@]}"
}

# The PR load run: constant arrival rate of distinct users, each one read (dashboard, session list,
# config), so every run has the same shape and a few hundred samples per request.
# load_run SIDE PORT OUT LABEL: one PR load run against 127.0.0.1:PORT (RPS users/s for
# SECONDS_PER_RUN s), results under OUT; appends the run folder to ${WORK}/SIDE-load-runs.txt.
load_run() {
  local side=$1 port=$2 out=$3 label=$4
  mkdir -p "${out}"
  scrape_metrics "${port}" "${out}/start.prom"
  set +e
  REDLINE_REPORTS=off run_gatling "${ROOT}" dev.redline.simulations.PullRequestSimulation "${out}" "gate ${label}" \
    "-DbaseUrl=http://127.0.0.1:${port}" "-Dpr.rps=${RPS}" "-Dpr.seconds=${SECONDS_PER_RUN}" \
    "-DtokenCount=${REDLINE_GATE_USERS:-20}" >"${out}.log" 2>&1
  local code=$?
  set -e
  scrape_metrics "${port}" "${out}/end.prom"
  local run
  run=$(newest_run "${out}")
  [[ -n "${run}" && -f "${run}/simulation.log" ]] || { tail -20 "${out}.log" >&2; die "the ${label} load run left no simulation.log (exit ${code}); log ${out}.log"; }
  # The service's own view of the same window, read by the checker beside simulation.log.
  if [[ -s "${out}/start.prom" && -s "${out}/end.prom" ]]; then
    mkdir -p "${run}/service-metrics"
    mv "${out}/start.prom" "${out}/end.prom" "${run}/service-metrics/"
  fi
  printf '%s\n' "${run}" >>"${WORK}/${side}-load-runs.txt"
  local summary
  say "  ${label}: done (${run##*/}, simulation.log $(du -k "${run}/simulation.log" | cut -f1) KiB, Gatling exit ${code})"
}

# warm_up PORT OUT LABEL: a load run that is not recorded, at REDLINE_WARMUP_RPS (default 200/s)
# for REDLINE_WARMUP_SECONDS (default 45), so the JIT has compiled the hot paths before anything is
# measured: after one 15 s run at 40/s, CPU per request still fell by half over the next 8 rounds.
warm_up() {
  local RPS=${REDLINE_WARMUP_RPS:-200} SECONDS_PER_RUN=${REDLINE_WARMUP_SECONDS:-45}
  load_run warm "$@"
}

# scrape_metrics PORT FILE: the platform's Prometheus scrape (service time histograms, per-route CPU,
# allocation and SQL counters, GC) into FILE; a failed scrape only warns (the run keeps Gatling's view).
scrape_metrics() {
  local port=$1 file=$2
  curl -sf --max-time 10 -H "Authorization: Bearer ${REDLINE_METRICS_TOKEN:-dev-admin-token}" \
    "http://127.0.0.1:${port}${REDLINE_METRICS_PATH:-/actuator/prometheus}" -o "${file}" \
    || { warn "could not scrape http://127.0.0.1:${port}${REDLINE_METRICS_PATH:-/actuator/prometheus}; this run has no service measurements"; rm -f "${file}"; }
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

# ---- JMH ------------------------------------------------------------------------------------------

# run_jmh PROFILE TREE OUT.json [JMH options]: runs TREE's benchmarks with the named profile of
# dev.redline.bench.Profiles (quick: the PR gate's subset, about 90 s; full: everything, the nightly
# job), writing JMH JSON to OUT.json.
run_jmh() {
  local profile=$1 tree=$2 out=$3
  shift 3
  local jar="${tree}/micro-benchmarks/target/benchmarks.jar"
  [[ -f "${jar}" ]] || die "${jar} is missing; the build did not produce it"
  case "${profile}" in quick | full) ;; *) die "unknown JMH profile '${profile}'; use quick or full" ;; esac
  java -cp "${jar}" dev.redline.bench.Profiles "${profile}" -rff "${out}" "$@"
}
run_jmh_quick() { run_jmh quick "$@"; }
