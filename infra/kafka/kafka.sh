#!/usr/bin/env bash
# Single-node Apache Kafka (KRaft, combined broker + controller) from Maven Central jars.
#
#   kafka.sh fetch                        resolve the broker jars into infra/kafka/.lib (idempotent)
#   kafka.sh start  [--dir D] [--port P]  format a store in D (if new) and start the broker on
#                                         127.0.0.1:P in the background; returns once it serves
#   kafka.sh stop   [--dir D]             stop the broker started in D (SIGTERM, then SIGKILL)
#   kafka.sh run    [--dir D] [--port P]  start in the foreground (local runs; Ctrl-C stops it)
#
# Defaults: D=infra/kafka/.run, P=9092 (controller on P+1). Env: KAFKA_HEAP (default 384m),
# KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS (default 0; Kafka's own default is 3000).
# Tests call this with a temp dir and free ports; nothing here needs Docker or internet
# beyond Maven Central.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
lib="$here/.lib"
cmd=${1:-}
shift || true
dir="$here/.run"
port=9092
while (($#)); do
  case "$1" in
    --dir) dir=$2; shift 2 ;;
    --port) port=$2; shift 2 ;;
    *) echo "kafka.sh: unknown argument '$1'" >&2; exit 2 ;;
  esac
done
controller_port=$((port + 1))

die() { echo "kafka.sh: $*" >&2; exit 1; }

fetch() {
  # The stamp holds the pom's hash, so changing the Kafka version re-resolves.
  local want have=""
  want=$(sha256sum "$here/pom.xml" | cut -d' ' -f1)
  [[ -f "$lib/.stamp" ]] && have=$(cat "$lib/.stamp")
  if [[ "$want" == "$have" ]]; then return 0; fi
  command -v mvn >/dev/null || die "Maven (mvn) is needed to fetch the Kafka broker jars"
  command -v java >/dev/null || die "Java 17+ is needed to run the Kafka broker"
  echo "kafka.sh: resolving Apache Kafka jars from Maven Central into $lib ..." >&2
  rm -rf "$lib"
  mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$lib" -DincludeScope=runtime >&2 || die "mvn could not resolve the broker jars"
  echo "$want" >"$lib/.stamp"
}

write_config() {
  mkdir -p "$dir/data"
  cat >"$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data
num.partitions=3
# Topics are created explicitly (services create their DLQ; tests their own topics),
# so a typo fails loudly instead of silently creating a topic.
auto.create.topics.enable=false
# Single node: every internal topic has one replica.
offsets.topic.replication.factor=1
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=3
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
# A consumer group forms at once instead of waiting 3 s for more members (tests); the
# benchmark sets Kafka's default back, so instances started together share the first assignment.
group.initial.rebalance.delay.ms=${KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS:-0}
# A 2-core machine shares these with Postgres, Node and the tests.
num.network.threads=2
num.io.threads=2
background.threads=2
num.recovery.threads.per.data.dir=1
log.cleaner.threads=1
PROPS
}

# The JVM command as an array, so the classpath wildcard reaches java unexpanded.
java_cmd() {
  jvm=(java -Xms128m "-Xmx${KAFKA_HEAP:-384m}" -XX:+UseSerialGC -XX:TieredStopAtLevel=1
    -Djava.awt.headless=true "-Dkafka.logs.dir=$dir"
    "-Dlog4j2.configurationFile=$here/log4j2.xml" -cp "$lib/*")
}

format_store() {
  [[ -f "$dir/data/meta.properties" ]] && return 0
  # A cluster id is 16 random bytes, base64url without padding.
  local cluster_id
  cluster_id=$(head -c16 /dev/urandom | base64 | tr '+/' '-_' | cut -c1-22)
  java_cmd; "${jvm[@]}" kafka.tools.StorageTool format --cluster-id="$cluster_id" -c "$dir/server.properties" \
    >"$dir/format.log" 2>&1 || { cat "$dir/format.log" >&2; die "formatting the KRaft store failed"; }
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  fetch
  if [[ -f "$dir/kafka.pid" ]] && kill -0 "$(cat "$dir/kafka.pid")" 2>/dev/null; then
    die "a broker is already running from $dir (pid $(cat "$dir/kafka.pid"))"
  fi
  port_open "$port" && die "port $port is already in use on 127.0.0.1"
  write_config
  format_store
  : >"$dir/server.log"
  # setsid: the broker outlives this script and ignores the caller's Ctrl-C.
  java_cmd
  setsid "${jvm[@]}" kafka.Kafka "$dir/server.properties" >"$dir/stdout.log" 2>&1 </dev/null &
  echo $! >"$dir/kafka.pid"
  local pid=$! deadline=$((SECONDS + ${KAFKA_START_TIMEOUT:-120}))
  until grep -q "Kafka Server started" "$dir/server.log" 2>/dev/null && port_open "$port"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 40 "$dir/stdout.log" "$dir/server.log" >&2 || true
      die "the broker exited during start-up (logs in $dir)"
    fi
    ((SECONDS < deadline)) || { stop; die "the broker did not start within ${KAFKA_START_TIMEOUT:-120}s (logs in $dir)"; }
    sleep 0.3
  done
  echo "127.0.0.1:$port"
}

stop() {
  [[ -f "$dir/kafka.pid" ]] || return 0
  local pid
  pid=$(cat "$dir/kafka.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$dir/kafka.pid"
}

case "$cmd" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  run)
    fetch; write_config; format_store
    java_cmd; exec "${jvm[@]}" kafka.Kafka "$dir/server.properties" ;;
  *) sed -n '2,12p' "$0" >&2; exit 2 ;;
esac
