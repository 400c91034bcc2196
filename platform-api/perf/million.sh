#!/usr/bin/env bash
# The million-session table of platform-api's README, measured in one run beside nginx:
#  1. database PERF_DB (default redline_perf) on the machine's PostgreSQL, created and seeded with
#     1,000,000 sessions when it holds fewer (PERF_RESEED=1 reseeds); sessions left by earlier
#     runs' creates are deleted, so every run reads the seeded data;
#  2. platform-api (`load` profile, list cache off: PLATFORM_CACHE_SESSIONS_TTL=0s) on PERF_PORT;
#  3. nginx on NGINX_PORT serving a static copy of the dashboard body (the floor of this machine);
#  4. under `flock /work/shared/measure.lock`: a warm-up of every request (WARMUP, 10s each), then
#     ROUNDS (2) rounds of `wrk -t2 -c32 -d$DURATION --latency` over every request, creates last.
# The platform logs its GC pauses to gc.log in the run folder (PERF_JAVA_OPTS adds JVM options).
# Prints one Markdown row per request: req/s, p50, p99 of each round, and non-2xx answers.
# Usage: platform-api/perf/million.sh        (jar: PERF_JAR, default platform-api/target/platform-api.jar)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DIR="${ROOT}/platform-api/perf"
DB=${PERF_DB:-redline_perf}
PGURL=${PERF_PG:-127.0.0.1:5432}
PORT=${PERF_PORT:-18181}
NGINX_PORT=${NGINX_PORT:-18180}
DURATION=${DURATION:-15s}
WARMUP=${WARMUP:-10s}
ROUNDS=${ROUNDS:-2}
LOCK=${MEASURE_LOCK:-/work/shared/measure.lock}
JAR_SRC=${PERF_JAR:-${ROOT}/platform-api/target/platform-api.jar}
WORK=$(mktemp -d /tmp/platform-million.XXXXXX)
PSQL=(psql -h "${PGURL%:*}" -p "${PGURL#*:}" -U postgres -v ON_ERROR_STOP=1 -qAt)

for tool in wrk nginx psql java; do
  command -v "${tool}" >/dev/null || { echo "million.sh: ${tool} is not installed (apt-get install wrk nginx-light postgresql-client)"; exit 2; }
done

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "${pid}" 2>/dev/null || true; done
  [ -f "${WORK}/nginx.pid" ] && kill "$(cat "${WORK}/nginx.pid")" 2>/dev/null || true
  for pid in "${PIDS[@]}"; do wait "${pid}" 2>/dev/null || true; done
}
trap cleanup EXIT

# A copy: rebuilding target/ under a running JVM breaks its class loading.
cp "${JAR_SRC}" "${WORK}/platform-api.jar"
JDBC="jdbc:postgresql://${PGURL}/${DB}"
if [ -z "$("${PSQL[@]}" -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '${DB}'")" ]; then
  "${PSQL[@]}" -d postgres -c "CREATE DATABASE ${DB}"
fi
# A new database has no sessions table yet (a CASE would still plan the count, and fail).
sessions=0
if [ -n "$("${PSQL[@]}" -d "${DB}" -c "SELECT to_regclass('sessions')")" ]; then
  sessions=$("${PSQL[@]}" -d "${DB}" -c "SELECT count(*) FROM sessions WHERE created_by IS NULL")
fi
if [ "${PERF_RESEED:-0}" = 1 ] || [ "${sessions}" -lt 1000000 ]; then
  echo "seeding 1,000,000 sessions into ${DB} (log ${WORK}/seed.log)"
  java -jar "${WORK}/platform-api.jar" --seed.only --seed.sessions=1000000 --seed.force=true \
    --platform.db.url="${JDBC}" >"${WORK}/seed.log" 2>&1
  grep -h 'Seeded' "${WORK}/seed.log" | sed 's/^.*: //'
else
  # Seeded sessions have no creator; the ones the API created (earlier runs' creates) go.
  "${PSQL[@]}" -d "${DB}" -c "DELETE FROM sessions WHERE created_by IS NOT NULL"
  "${PSQL[@]}" -d "${DB}" -c "VACUUM (ANALYZE) sessions"
fi

SPRING_PROFILES_ACTIVE=load PLATFORM_PORT=${PORT} PLATFORM_CACHE_SESSIONS_TTL=0s \
  PLATFORM_DB_URL="${JDBC}" java -Xlog:gc:file="${WORK}/gc.log" ${PERF_JAVA_OPTS:-} \
  -jar "${WORK}/platform-api.jar" >"${WORK}/platform.log" 2>&1 &
PIDS+=($!)
until curl -sf "http://127.0.0.1:${PORT}/actuator/health/readiness" 2>/dev/null | grep -q '"UP"'; do
  kill -0 "${PIDS[0]}" 2>/dev/null || { echo "platform-api exited; log ${WORK}/platform.log"; tail -20 "${WORK}/platform.log"; exit 1; }
  sleep 0.2
done
echo "platform-api ready on ${PORT} (log ${WORK}/platform.log)"

mkdir -p "${WORK}/www"
chmod 755 "${WORK}" "${WORK}/www" # nginx workers run as nobody
curl -sf -H 'Authorization: Bearer load-token-1' "http://127.0.0.1:${PORT}/api/v1/dashboard/stats" \
  >"${WORK}/www/stats.json"
cat >"${WORK}/nginx.conf" <<EOF
worker_processes 1;
pid ${WORK}/nginx.pid;
error_log ${WORK}/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${WORK}/tmp; proxy_temp_path ${WORK}/tmp; fastcgi_temp_path ${WORK}/tmp;
  uwsgi_temp_path ${WORK}/tmp; scgi_temp_path ${WORK}/tmp;
  server { listen 127.0.0.1:${NGINX_PORT}; root ${WORK}/www; default_type application/json; }
}
EOF
mkdir -p "${WORK}/tmp"
nginx -c "${WORK}/nginx.conf"

# Ids of seeded models for the creates.
export WRK_MODELS
WRK_MODELS=$("${PSQL[@]}" -d "${DB}" -c "SELECT string_agg(id::text, ',') FROM (SELECT id FROM models ORDER BY id LIMIT 200) m")

API="http://127.0.0.1:${PORT}/api/v1"
NAMES=("nginx, static copy of the dashboard body" "\`GET /dashboard/stats\`"
  "\`GET /config/optimization-criteria\`" "\`GET /optimization/sessions?status=running&limit=50\`"
  "\`GET /optimization/sessions?created_after=2026-10-01T00:00:00Z&limit=50\`"
  "\`POST /optimization/sessions\` (creates)")
URLS=("http://127.0.0.1:${NGINX_PORT}/stats.json" "${API}/dashboard/stats"
  "${API}/config/optimization-criteria" "${API}/optimization/sessions?status=running&limit=50"
  "${API}/optimization/sessions?created_after=2026-10-01T00:00:00Z&limit=50"
  "${API}/optimization/sessions")
SCRIPTS=(auth.lua auth.lua auth.lua auth.lua auth.lua create.lua)

measure() { # $1 index, $2 duration, $3 output file
  wrk -t2 -c32 -d"$2" --latency -s "${DIR}/${SCRIPTS[$1]}" "${URLS[$1]}" >"$3" 2>&1
}

exec 9>"${LOCK}"
echo "waiting for ${LOCK}"
flock 9
echo "measuring ($(date -u +%H:%M:%S) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg))"
# Every request is warmed up before any is measured (the JIT compiles what they share), then
# each round measures every request once, so the rounds of one request are minutes apart.
for i in "${!URLS[@]}"; do
  measure "${i}" "${WARMUP}" "${WORK}/warmup-${i}.txt"
done
for r in $(seq 1 "${ROUNDS}"); do
  for i in "${!URLS[@]}"; do
    measure "${i}" "${DURATION}" "${WORK}/round${r}-${i}.txt"
  done
done
echo "done ($(date -u +%H:%M:%S) UTC, load average $(cut -d' ' -f1-3 /proc/loadavg)); wrk output in ${WORK}"
awk '/Pause Young/ {n++; sub(/ms$/, "", $NF); t += $NF; if ($NF > m) m = $NF}
  END {printf "platform GC: %d young pauses, %.0f ms in all, longest %.1f ms (gc.log)\n", n, t, m}' "${WORK}/gc.log"
flock -u 9

# One row per request: "a / b" over rounds.
field() { # $1 file, $2 what
  case "$2" in
    rps) awk '/^Requests\/sec/ {printf "%.0f", $2}' "$1" ;;
    p50) awk '$1 == "50%" {print $2}' "$1" ;;
    p99) awk '$1 == "99%" {print $2}' "$1" ;;
    bad) awk '/Non-2xx|Socket errors/ {sub(/^ */, ""); printf "%s; ", $0}' "$1" ;;
  esac
}
echo
echo "| request | req/s | p50 | p99 | errors |"
echo "|---|---|---|---|---|"
for i in "${!URLS[@]}"; do
  row="| ${NAMES[$i]}"
  for what in rps p50 p99 bad; do
    vals=()
    for r in $(seq 1 "${ROUNDS}"); do vals+=("$(field "${WORK}/round${r}-${i}.txt" "${what}")"); done
    if [ "${what}" = bad ]; then row+=" | $(printf '%s' "${vals[*]}")"; else row+=" | $(IFS=/; echo "${vals[*]}" | sed 's#/# / #g')"; fi
  done
  echo "${row} |"
done
