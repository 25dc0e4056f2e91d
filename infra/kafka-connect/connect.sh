#!/usr/bin/env bash
# A standalone Kafka Connect worker with the Debezium JDBC sink, from Maven Central jars.
#
#   connect.sh fetch                          resolve the worker (pom.xml) into .lib and the
#                                             sink plugin (plugin/pom.xml) into .plugins (idempotent)
#   connect.sh run WORKER.properties CONNECTOR.properties...
#                                             start a standalone worker in the foreground
#                                             (exec: the caller's child is the JVM itself)
#
# Env: CONNECT_HEAP (default "-Xms256M -Xmx2G", what Apache's connect-standalone.sh sets).
# The worker's plugin.path must name "$here/.plugins" (`connect.sh plugin-path` prints it).
# Used by `pnpm bench` (test/bench/contenders/connect.ts); nothing here needs Docker.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
lib="$here/.lib"
plugins="$here/.plugins"
cmd=${1:-}
shift || true

die() { echo "connect.sh: $*" >&2; exit 1; }

# Copies a pom's runtime jars into a folder; the stamp holds the pom's hash, so a version
# change re-resolves.
resolve() {
  local pom=$1 out=$2 want have=""
  want=$(sha256sum "$pom" | cut -d' ' -f1)
  [[ -f "$out/.stamp" ]] && have=$(cat "$out/.stamp")
  if [[ "$want" == "$have" ]]; then return 0; fi
  command -v mvn >/dev/null || die "Maven (mvn) is needed to fetch the Kafka Connect jars"
  echo "connect.sh: resolving $(basename "$(dirname "$pom")")/$(basename "$pom") from Maven Central into $out ..." >&2
  rm -rf "$out"
  mvn -q -B -f "$pom" dependency:copy-dependencies \
    -DoutputDirectory="$out" -DincludeScope=runtime >&2 || die "mvn could not resolve $pom"
  echo "$want" >"$out/.stamp"
}

fetch() {
  command -v java >/dev/null || die "Java 17+ is needed to run Kafka Connect"
  resolve "$here/pom.xml" "$lib"
  # One folder per plugin under plugin.path: the worker gives it its own class loader.
  resolve "$here/plugin/pom.xml" "$plugins/debezium-jdbc"
}

case "$cmd" in
  fetch) fetch ;;
  plugin-path) echo "$plugins" ;;
  run)
    (($# >= 2)) || die "usage: connect.sh run WORKER.properties CONNECTOR.properties..."
    fetch
    # The JVM options of Apache's kafka-run-class.sh; the heap of connect-standalone.sh.
    # shellcheck disable=SC2086
    exec java ${CONNECT_HEAP:--Xms256M -Xmx2G} -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 \
      -XX:InitiatingHeapOccupancyPercent=35 -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
      "-Dlog4j2.configurationFile=$here/log4j2.xml" -cp "$lib/*" \
      org.apache.kafka.connect.cli.ConnectStandalone "$@" ;;
  *) sed -n '2,13p' "$0" >&2; exit 2 ;;
esac
