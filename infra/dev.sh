#!/usr/bin/env bash
# `pnpm dev`: the whole pipeline on this machine, no Docker needed.
#
# Starts (unless KAFKA_BROKERS / DATABASE_URL point elsewhere) a KRaft broker on
# 127.0.0.1:${KAFKA_PORT:-9092} and a Postgres cluster on 127.0.0.1:${PG_PORT:-54329}, both
# keeping their data under infra/*/.run between runs; creates the database, migrates it,
# creates the topics; then runs ingest-headcount, ingest-tickets and the analyzer until
# Ctrl-C, which stops everything cleanly (KEEP_INFRA=1 leaves Kafka and Postgres running).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
source infra/toolchain.sh

started_kafka=0 started_pg=0
if [[ -z "${KAFKA_BROKERS:-}" ]]; then
  kafka_port=${KAFKA_PORT:-9092}
  if (exec 3<>"/dev/tcp/127.0.0.1/$kafka_port") 2>/dev/null; then
    echo "dev: using the broker already listening on 127.0.0.1:$kafka_port"
  else
    echo "dev: starting Kafka on 127.0.0.1:$kafka_port (data in infra/kafka/.run)"
    bash infra/kafka/kafka.sh start --dir infra/kafka/.run --port "$kafka_port" >/dev/null
    started_kafka=1
  fi
  export KAFKA_BROKERS="127.0.0.1:$kafka_port"
fi
if [[ -z "${DATABASE_URL:-}" ]]; then
  pg_port=${PG_PORT:-54329}
  if (exec 3<>"/dev/tcp/127.0.0.1/$pg_port") 2>/dev/null; then
    echo "dev: using the Postgres already listening on 127.0.0.1:$pg_port"
  else
    echo "dev: starting Postgres on 127.0.0.1:$pg_port (data in infra/postgres/.run)"
    bash infra/postgres/pg.sh start --dir "$root/infra/postgres/.run" --port "$pg_port" >/dev/null
    started_pg=1
  fi
  export DATABASE_URL="postgres://postgres@127.0.0.1:$pg_port/hr_radar"
fi
if [[ -z "${EMPLOYEE_KEY_SECRET:-}" ]]; then
  echo "dev: EMPLOYEE_KEY_SECRET not set; using a development-only secret"
  export EMPLOYEE_KEY_SECRET="development-only-secret-do-not-use"
fi
export LOG_LEVEL=${LOG_LEVEL:-info}

node infra/dev/prepare.ts
# so `pnpm demo` and `pnpm analyze` in another shell reach the same Kafka and Postgres
printf 'KAFKA_BROKERS=%s\nDATABASE_URL=%s\n' "$KAFKA_BROKERS" "$DATABASE_URL" >infra/.dev.env

pids=()
stop_all() {
  trap - INT TERM EXIT
  echo "dev: stopping services"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  wait "${pids[@]}" 2>/dev/null || true
  if [[ "${KEEP_INFRA:-0}" != 1 ]]; then
    ((started_kafka)) && bash infra/kafka/kafka.sh stop --dir infra/kafka/.run
    ((started_pg)) && bash infra/postgres/pg.sh stop --dir "$root/infra/postgres/.run"
  fi
  echo "dev: stopped"
}
trap stop_all INT TERM EXIT

for service in ingest-headcount ingest-tickets analyzer; do
  node "services/$service/src/main.ts" &
  pids+=($!)
done
echo "dev: running (Kafka $KAFKA_BROKERS, Postgres $DATABASE_URL); Ctrl-C to stop"
echo "dev: try 'pnpm demo' in another shell, then 'pnpm analyze'"
wait -n "${pids[@]}" || true
