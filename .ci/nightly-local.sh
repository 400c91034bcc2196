#!/usr/bin/env bash
# Runs the nightly workflow (.github/workflows/nightly-performance.yml) on this machine: its steps in
# order, with the job's environment variables and commands, on a small size, for two nights in a row
# with the history carried from the first to the second through an emulated Actions cache. Fails
# (exit 1) when a file the workflow summarises or uploads is missing or the second night did not
# compare with the first; a failed suite is reported as the job's failure, and fails this script too
# with NIGHTLY_STRICT=1. See nightly-local.mjs for how each step is run or emulated.
#
# Usage: .ci/nightly-local.sh [NIGHTS]      (default 2; about 6 minutes)
# Environment:
#   NIGHTLY_WORK          work folder (default a new /tmp/redline-nightly.XXXXXX); reports, the
#                         cache and each night's REDLINE_HOME go there
#   NIGHTLY_SIZE          REDLINE_SIZE of the nights (default smoke); full is the workflow's own
#   NIGHTLY_SOAK          SOAK_DURATION (default 20s)
#   NIGHTLY_JMH_ARGS      REDLINE_JMH_ARGS (default '-wi 0 -i 2 -r 500ms' over the quick profile)
#   NIGHTLY_STRICT        1: a failed step fails this script too (default: reported only)
#   REDLINE_MEASURE_LOCK  a lock file: each suite step runs under `flock` on it, so measurements on a
#                         shared machine never overlap (unset: no lock)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "${ROOT}"
NIGHTS=${1:-2}
[[ "${NIGHTS}" =~ ^[1-9][0-9]*$ ]] || { echo "nightly-local: NIGHTS must be a whole number >= 1, got '${NIGHTS}'" >&2; exit 2; }
command -v node >/dev/null || { echo "nightly-local: needs node (the workflow is read with the yaml package of .ci/)" >&2; exit 2; }
[[ -d .ci/node_modules/yaml ]] || npm ci --prefix .ci --no-audit --no-fund --loglevel=error
WORK=${NIGHTLY_WORK:-$(mktemp -d /tmp/redline-nightly.XXXXXX)}
mkdir -p "${WORK}"
WORK=$(cd "${WORK}" && pwd)
# The workflow's own values, except what makes a night short; {night} is each night's folder.
NIGHTLY_OVERRIDES=$(node -e '
  const [size, soak, jmh] = process.argv.slice(1);
  console.log(JSON.stringify({
    REDLINE_SIZE: size, SOAK_DURATION: soak, REDLINE_JMH_PROFILE: "quick", REDLINE_JMH_ARGS: jmh,
    REPORT_DIR: "{night}/target/redline-nightly", REDLINE_HOME: "{night}/.redline",
    REDLINE_HISTORY: "{night}/.redline/history",
  }));' "${NIGHTLY_SIZE:-smoke}" "${NIGHTLY_SOAK:-20s}" "${NIGHTLY_JMH_ARGS:--wi 0 -i 2 -r 500ms}")
export NIGHTLY_OVERRIDES
echo "[nightly-local] work folder ${WORK}; overrides ${NIGHTLY_OVERRIDES}"
exec node .ci/nightly-local.mjs "${WORK}" "${NIGHTS}"
