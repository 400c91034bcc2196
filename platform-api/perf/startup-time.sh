#!/usr/bin/env bash
# Measures launch-to-ready: starts the jar, polls /actuator/health/readiness every 100 ms, prints
# the seconds until it answers UP, then stops the service (SIGTERM, graceful).
# Usage: platform-api/perf/startup-time.sh [app args...]  (port: PERF_PORT, default 18082; jar: PERF_JAR)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PORT=${PERF_PORT:-18082}
LOG=$(mktemp /tmp/platform-startup.XXXXXX.log)
start=$(date +%s.%N)
PLATFORM_PORT=${PORT} java -jar "${PERF_JAR:-${ROOT}/platform-api/target/platform-api.jar}" "$@" >"${LOG}" 2>&1 &
PID=$!
trap 'kill ${PID} 2>/dev/null || true; wait ${PID} 2>/dev/null || true' EXIT
until curl -sf "http://127.0.0.1:${PORT}/actuator/health/readiness" 2>/dev/null | grep -q '"UP"'; do
  kill -0 ${PID} 2>/dev/null || { echo "service exited; log: ${LOG}"; tail -20 "${LOG}"; exit 1; }
  sleep 0.1
done
end=$(date +%s.%N)
printf 'ready in %.1f s (load average %s)\n' "$(echo "${end} - ${start}" | bc)" "$(cut -d' ' -f1-3 /proc/loadavg)"
grep -E 'Started PlatformApplication|Embedded PostgreSQL .* ready|Seeded|seed skipped' "${LOG}" | sed 's/^.*: //'
