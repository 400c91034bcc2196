#!/usr/bin/env bash
# Runs issue 19's Netty websocketx candidate (NettyWsCandidate.java, a single-file program that is
# in no jar) on the Netty jars of the version Spring Boot's BOM manages (NETTY_VERSION; fetched
# into the Maven repository MAVEN_REPO once, offline afterwards). JAVA_OPTS: server JVM options.
# Usage: platform-api/perf/netty-ws-candidate.sh [--port 18191] [--events 50] [--io-threads 2]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
V=${NETTY_VERSION:-4.2.15.Final}
REPO=${MAVEN_REPO:-${HOME}/.m2/repository}
MODULES="common buffer transport resolver handler codec-base codec-compression codec-http"
CP=""
for m in ${MODULES}; do
  jar="${REPO}/io/netty/netty-${m}/${V}/netty-${m}-${V}.jar"
  if [ ! -f "${jar}" ]; then
    "${ROOT}/mvnw" -q -Dmaven.repo.local="${REPO}" dependency:get -Dtransitive=false \
      -Dartifact="io.netty:netty-${m}:${V}" >&2
  fi
  CP="${CP:+${CP}:}${jar}"
done
exec java ${JAVA_OPTS:--Xmx1g} -cp "${CP}" "${ROOT}/platform-api/perf/NettyWsCandidate.java" "$@"
