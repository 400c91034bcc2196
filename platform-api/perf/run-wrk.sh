#!/usr/bin/env bash
# Runs the README's wrk figures against a running platform-api (started with the `load` profile).
# Usage: platform-api/perf/run-wrk.sh [base-url]   (default http://127.0.0.1:18080)
set -euo pipefail
BASE=${1:-http://127.0.0.1:18080}
DIR=$(cd "$(dirname "$0")" && pwd)
DURATION=${WRK_DURATION:-20s}
for path in /api/v1/dashboard/stats /api/v1/config/optimization-criteria \
  '/api/v1/optimization/sessions?status=running&limit=50'; do
  echo "== GET ${path}   (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
  wrk -t2 -c32 -d"${DURATION}" --latency -s "${DIR}/auth.lua" "${BASE}${path}"
done
