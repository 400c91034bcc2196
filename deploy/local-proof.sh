#!/usr/bin/env bash
# Scale-out proof on one machine (issue 22): two platform-api instances sharing PostgreSQL and Redis,
# loaded by 1, 2 and 3 injector shards at one total rate, then 1 and 3 shards past one injector's
# reach. Prints one "[proof]" line per run; fails when a merged run does not count every shard's
# requests or its percentiles differ from those of all raw samples (ScaleOutIT).
#   PLATFORM_DB_URL  JDBC URL of a PostgreSQL both instances share (default: database redline_scaleout
#                    on 127.0.0.1:5432, created when missing)
#   REDIS_URL        Redis both instances share (default redis://127.0.0.1:6379)
#   SCALEOUT_RPS / SCALEOUT_SECONDS            exactness runs (60 / 5)
#   SCALEOUT_HIGH_RPS / SCALEOUT_HIGH_SECONDS  reach runs (1200 / 5)
#   SKIP_BUILD=1     use the jars already built
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ -z "${PLATFORM_DB_URL:-}" ]]; then
  psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='redline_scaleout'" | grep -q 1 \
    || psql -h 127.0.0.1 -U postgres -qc "CREATE DATABASE redline_scaleout"
  export PLATFORM_DB_URL=jdbc:postgresql://127.0.0.1:5432/redline_scaleout
fi
export REDIS_URL=${REDIS_URL:-redis://127.0.0.1:6379}
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  ./mvnw -B -q -pl platform-api,load-simulations,regression-checker -am package -DskipTests
  ./mvnw -B -q -pl load-simulations dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/redline-test-classpath.txt
  ./mvnw -B -q -pl regression-checker test-compile
fi
REDLINE_SCALEOUT_PROOF=1 ./mvnw -B -o -pl regression-checker \
  failsafe:integration-test failsafe:verify -Dit.test=ScaleOutIT -Dspotless.check.skip=true \
  | grep -E '^\[proof\]|^\[redline|Tests run|FAIL|ERROR' 
