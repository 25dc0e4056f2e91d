// The peer a user would run instead: Kafka Connect in standalone mode with the Debezium JDBC
// sink (infra/kafka-connect), configured as a user would to land a topic in Postgres: one
// task per partition up to the cores, batches of the ingest's chunk size, errors.tolerance=all
// with a dead-letter topic, and an upsert keyed on topic/partition/offset so a redelivery
// lands once. Each record's raw value is one text column (a one-field struct: the sink needs
// a Connect schema and the producers send schemaless JSON); binary-mode records' ce_* headers
// are copied into columns of their own table, so each table's batches keep one schema.
//
// It validates nothing, dedupes nothing by event id, derives no facts and no trends: a probe
// connector in the same worker feeds it four records the ingest dead-letters or skips, and
// the result says how many of them landed as rows and how many reached its dead-letter topic.
import { type ChildProcess, spawn } from "node:child_process";
import { createWriteStream } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { type EventFamily, HEADCOUNT_EVENT_TYPES as H } from "@hr-radar/events";
import { createKafka, createProducer } from "@hr-radar/service-kit";
import type { Kafka } from "kafkajs";
import pino from "pino";
import postgres from "postgres";
import { cloudEvent } from "../../support/events.ts";
import { createTopics } from "../../support/kafka-admin.ts";
import type { ContenderResult } from "../child.ts";
import { num, progress } from "../measure.ts";

const CONNECT_SH = resolve(import.meta.dirname, "../../../infra/kafka-connect/connect.sh");

/** What to run. */
export interface ConnectSpec {
  label: string;
  family: EventFamily;
  brokers: string[];
  /** A fresh database: the sink creates its tables' columns itself (schema evolution). */
  databaseUrl: string;
  topic: string;
  /** Records the topic holds; the run ends when the sink's committed offsets reach them. */
  records: number;
  partitions: number;
  /** Records per JDBC batch and per poll: the ingest's chunk size. */
  batchSize: number;
  /** The worker's heap options (default: connect-standalone.sh's "-Xms256M -Xmx2G"). */
  heap?: string;
  /** Fail when the committed offsets do not move for this long. */
  stallMs?: number;
}

/** The ce_* attributes every binary-mode record of the contract carries, and content-type. */
const CE_HEADERS = ["ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time", "content-type"];

/** Runs the worker until the topic's every record is a committed row; stops it either way. */
export async function runConnect(spec: ConnectSpec, signal: AbortSignal): Promise<ContenderResult> {
  const started = performance.now();
  const dir = await mkdtemp(join(tmpdir(), "hr-radar-connect-"));
  const logFile = join(tmpdir(), `hr-radar-${spec.label}.log`);
  let succeeded = false;
  const kafka = createKafka({
    brokers: spec.brokers,
    clientId: `bench-${spec.label}`,
    logger: pino({ level: "warn" }, process.stderr),
  });
  const sql = postgres(spec.databaseUrl, { max: 1, onnotice: () => {} });
  // a probe topic per round: a second round reading the first one's records would land both
  const probe = await produceProbe(kafka, `${spec.topic}.probe.${spec.label}`);
  const table = `${spec.family}_events`;
  const probeTable = `${spec.family}_probe_events`;
  const dlq = `${spec.topic}.connect-dlq`;
  let worker: ChildProcess | undefined;
  try {
    // The tables as the sink would create them (its schema evolution does not extend a table
    // that exists), plus landed_at, which it never writes: when a row was first inserted, so
    // the last row's time is exact, not a polling instant.
    const ceColumns = CE_HEADERS.map((h) => `, "${h.replace("-", "_")}" text`).join("");
    for (const [name, extra] of [
      [table, ""],
      [`${table}_binary`, ceColumns],
      [probeTable, ""],
      [`${probeTable}_binary`, ceColumns],
    ])
      await sql.unsafe(`create table "${name}" (
        "__connect_topic" text not null, "__connect_partition" integer not null, "__connect_offset" bigint not null,
        "value" text${extra}, landed_at timestamptz not null default clock_timestamp(),
        primary key ("__connect_topic", "__connect_partition", "__connect_offset"))`);
    const db = new URL(spec.databaseUrl);
    const common = {
      tasks: Math.min(spec.partitions, availableParallelism()),
      batchSize: spec.batchSize,
      jdbcUrl: `jdbc:postgresql://${db.hostname}:${db.port || 5432}${db.pathname}`,
      user: decodeURIComponent(db.username),
      password: decodeURIComponent(db.password),
      dlq,
    };
    const workerFile = join(dir, "worker.properties");
    const sinkFile = join(dir, "sink.properties");
    const probeFile = join(dir, "probe.properties");
    await writeFile(
      workerFile,
      workerProperties({ brokers: spec.brokers, dir, restPort: await freePort(), batchSize: spec.batchSize }),
    );
    await writeFile(sinkFile, sinkProperties({ ...common, name: `bench-${spec.label}`, topic: spec.topic, table }));
    await writeFile(
      probeFile,
      sinkProperties({ ...common, name: `bench-${spec.label}-probe`, topic: probe.topic, table: probeTable, tasks: 1 }),
    );

    let assignedAt: number | undefined;
    let usageAtAssignment: Promise<{ cpuSeconds: number } | undefined> = Promise.resolve(undefined);
    let failure: string | undefined;
    const tail: string[] = [];
    worker = spawn("bash", [CONNECT_SH, "run", workerFile, sinkFile, probeFile], {
      env: { ...process.env, ...(spec.heap ? { CONNECT_HEAP: spec.heap } : {}) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    // the whole worker log, kept when the run fails (its path is in the error)
    const log = createWriteStream(logFile);
    for (const stream of [worker.stdout!, worker.stderr!])
      createInterface({ input: stream }).on("line", (line) => {
        log.write(`${line}\n`);
        tail.push(line);
        if (tail.length > 40) tail.shift();
        // the main sink's task consumer, not the probe's (its group is the connector's name)
        if (
          assignedAt === undefined &&
          line.includes("Adding newly assigned partitions") &&
          line.includes(spec.topic)
        ) {
          assignedAt = performance.now();
          // the worker's start-up (plugin scanning, joining) is not the sink's work
          usageAtAssignment = processUsage(worker!.pid!).catch(() => undefined);
        }
        if (/unrecoverable exception|Task is being killed/.test(line)) failure ??= `${line} (worker log: ${logFile})`;
        if (/\] (ERROR|WARN) /.test(line)) process.stderr.write(`[${spec.label}] ${line}\n`);
      });

    const group = `connect-bench-${spec.label}`;
    let last = { count: -1, at: performance.now(), reported: performance.now() };
    for (;;) {
      if (signal.aborted) throw new Error("interrupted");
      if (failure !== undefined) throw new Error(`the sink task failed: ${failure}`);
      if (worker.exitCode !== null)
        throw new Error(`the Connect worker exited with ${worker.exitCode}:\n${tail.join("\n")}`);
      const count = await committed(kafka, group, spec.topic);
      const now = performance.now();
      if (count >= spec.records) break;
      // until the task is assigned, the worker is starting (plugin scanning takes a minute on a busy machine)
      if (count !== last.count || assignedAt === undefined) last = { ...last, count, at: now };
      if (assignedAt === undefined && now - started > 600_000)
        throw new Error(`the sink was not assigned its partitions within 600 s:\n${tail.join("\n")}`);
      if (now - last.at > (spec.stallMs ?? 180_000))
        throw new Error(
          `no progress for ${num((now - last.at) / 1000)} s at ${num(count)} records:\n${tail.join("\n")}`,
        );
      if (now - last.reported > 3_000) {
        progress(
          assignedAt === undefined
            ? `${spec.label}: the Connect worker is starting`
            : `${spec.label}: ${num(count)} / ${num(spec.records)} records committed by the sink`,
        );
        last.reported = now;
      }
      await new Promise((done) => setTimeout(done, 250));
    }
    // The probe's four records went in long before the main topic's last one.
    while ((await committed(kafka, `connect-bench-${spec.label}-probe`, probe.topic)) < probe.records) {
      if (worker.exitCode !== null || signal.aborted) throw new Error("the probe connector did not finish");
      await new Promise((done) => setTimeout(done, 250));
    }
    const pid = worker.pid!;
    const usage = await processUsage(pid);
    const cpuBefore = (await usageAtAssignment)?.cpuSeconds ?? Number.NaN;
    const [landed] = await sql.unsafe<
      { rows: string; binary: string; unattributed: string; last: string; probe: string }[]
    >(
      `select (select count(*) from "${table}") + (select count(*) from "${table}_binary") as rows,
         (select count(*) from "${table}_binary") as binary,
         (select count(*) from "${table}_binary" where ce_id is null or ce_type is null) as unattributed,
         (select extract(epoch from greatest((select max(landed_at) from "${table}"), (select max(landed_at) from "${table}_binary"))) * 1000) as last,
         (select count(*) from "${probeTable}") + (select count(*) from "${probeTable}_binary") as probe`,
    );
    // performance.now() and the database's clock_timestamp() are both this machine's clock.
    const lastRowAt = Number(landed!.last) - performance.timeOrigin;
    const from = assignedAt ?? started;
    succeeded = true;
    return {
      label: spec.label,
      records: spec.records,
      seconds: (lastRowAt - from) / 1000,
      totalSeconds: (lastRowAt - started) / 1000,
      maxRssMb: usage.maxRssMb,
      details: {
        workerCpuSeconds: usage.cpuSeconds - cpuBefore,
        workerCpuSecondsWithStartup: usage.cpuSeconds,
        workerHeap: spec.heap ?? "-Xms256M -Xmx2G",
        tasks: common.tasks,
        batchSize: spec.batchSize,
        joinSeconds: (from - started) / 1000,
        rows: Number(landed!.rows),
        binaryRows: Number(landed!.binary),
        binaryRowsWithoutCeColumns: Number(landed!.unattributed),
        probeRecords: probe.records,
        probeRowsLanded: Number(landed!.probe),
        probeDuplicates: probe.duplicates,
        deadLettered: await topicRecordsIfAny(kafka, dlq),
      },
    };
  } finally {
    if (worker && worker.exitCode === null) await stopWorker(worker);
    await sql.end({ timeout: 5 });
    await rm(dir, { recursive: true, force: true });
    if (succeeded) await rm(logFile, { force: true });
  }
}

/** The standalone worker: string converters (the raw value as text), quick offset commits. */
function workerProperties(o: { brokers: string[]; dir: string; restPort: number; batchSize: number }): string {
  return `bootstrap.servers=${o.brokers.join(",")}
key.converter=org.apache.kafka.connect.storage.StringConverter
value.converter=org.apache.kafka.connect.storage.StringConverter
# ce_* headers stay text (the default SimpleHeaderConverter would parse times into timestamps)
header.converter=org.apache.kafka.connect.storage.StringConverter
offset.storage.file.filename=${o.dir}/offsets
# when a sink's flushed offsets are committed to Kafka: how soon the bench sees the end
offset.flush.interval.ms=1000
plugin.path=${resolve(import.meta.dirname, "../../../infra/kafka-connect/.plugins")}
plugin.discovery=only_scan
listeners=http://127.0.0.1:${o.restPort}
# one poll fills one JDBC batch (the default 500 would cut every batch to 500)
consumer.max.poll.records=${o.batchSize}
consumer.auto.offset.reset=earliest
`;
}

/** One JDBC sink connector, as its documentation configures an upsert into Postgres. */
function sinkProperties(o: {
  name: string;
  topic: string;
  table: string;
  tasks: number;
  batchSize: number;
  jdbcUrl: string;
  user: string;
  password: string;
  dlq: string;
}): string {
  return `name=${o.name}
connector.class=io.debezium.connector.jdbc.JdbcSinkConnector
tasks.max=${o.tasks}
topics=${o.topic}
connection.url=${o.jdbcUrl}
connection.username=${o.user}
connection.password=${o.password}
insert.mode=upsert
primary.key.mode=kafka
schema.evolution=basic
batch.size=${o.batchSize}
# the raw value as text in a one-field struct; binary-mode records to their own table with
# their ce_* headers as columns
transforms=hoist,ceHeaders,structuredTable,binaryTable
transforms.hoist.type=org.apache.kafka.connect.transforms.HoistField$Value
transforms.hoist.field=value
transforms.ceHeaders.type=io.debezium.transforms.HeaderToValue
transforms.ceHeaders.headers=${CE_HEADERS.join(",")}
transforms.ceHeaders.fields=${CE_HEADERS.map((h) => h.replace("-", "_")).join(",")}
transforms.ceHeaders.operation=copy
transforms.ceHeaders.predicate=binary
transforms.structuredTable.type=org.apache.kafka.connect.transforms.RegexRouter
transforms.structuredTable.regex=.*
transforms.structuredTable.replacement=${o.table}
transforms.structuredTable.predicate=binary
transforms.structuredTable.negate=true
transforms.binaryTable.type=org.apache.kafka.connect.transforms.RegexRouter
transforms.binaryTable.regex=.*
transforms.binaryTable.replacement=${o.table}_binary
transforms.binaryTable.predicate=binary
predicates=binary
predicates.binary.type=org.apache.kafka.connect.transforms.predicates.HasHeaderKey
predicates.binary.name=ce_specversion
errors.tolerance=all
errors.log.enable=true
errors.deadletterqueue.topic.name=${o.dlq}
errors.deadletterqueue.topic.replication.factor=1
errors.deadletterqueue.context.headers.enable=true
`;
}

/**
 * Four records the ingest does not store as facts: not JSON, JSON that is not a CloudEvent,
 * a CloudEvent whose data breaks its schema (all three dead letters), and one event sent
 * twice (stored once). A NUL byte is left out: it fails the sink's whole batch and the task.
 */
async function produceProbe(kafka: Kafka, topic: string) {
  await createTopics(kafka, [topic], 1);
  const broken = cloudEvent(H.headcountSnapshot, { organisationId: "probe", asOf: "2026-01-05", headcount: -3 });
  const repeated = cloudEvent(H.headcountSnapshot, { organisationId: "probe", asOf: "2026-01-05", headcount: 3 });
  const structured = { "content-type": "application/cloudevents+json" };
  const messages = [
    { key: "probe", value: "{not json", headers: structured },
    { key: "probe", value: JSON.stringify({ hello: "world" }), headers: { "content-type": "application/json" } },
    { key: "probe", value: JSON.stringify(broken), headers: structured },
    { key: "probe", value: JSON.stringify(repeated), headers: structured },
    { key: "probe", value: JSON.stringify(repeated), headers: structured },
  ];
  const producer = createProducer(kafka);
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages });
  } finally {
    await producer.disconnect();
  }
  return { topic, records: messages.length, duplicates: 1 };
}

/** Offsets the group has committed on the topic, summed (the topic's low watermarks are 0). */
async function committed(kafka: Kafka, groupId: string, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const [offsets] = await admin.fetchOffsets({ groupId, topics: [topic] });
    return (offsets?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
  } finally {
    await admin.disconnect();
  }
}

async function topicRecordsIfAny(kafka: Kafka, topic: string): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    if (!(await admin.listTopics()).includes(topic)) return 0;
    const offsets = await admin.fetchTopicOffsets(topic);
    return offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0);
  } finally {
    await admin.disconnect();
  }
}

/** The worker JVM's peak resident set (VmHWM) and its CPU time so far (user + system). */
async function processUsage(pid: number): Promise<{ maxRssMb: number; cpuSeconds: number }> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const hwm = /^VmHWM:\s+(\d+) kB/m.exec(status);
  // /proc/PID/stat: the fields after the command's closing parenthesis; utime and stime are
  // the 12th and 13th of them, in clock ticks (USER_HZ, 100 on Linux).
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return {
    maxRssMb: Number(hwm?.[1] ?? Number.NaN) / 1024,
    cpuSeconds: (Number(fields[11]) + Number(fields[12])) / 100,
  };
}

async function stopWorker(worker: ChildProcess): Promise<void> {
  const exited = new Promise<void>((done) => worker.once("exit", () => done()));
  worker.kill("SIGTERM");
  const timer = setTimeout(() => worker.kill("SIGKILL"), 30_000);
  await exited;
  clearTimeout(timer);
}

/** A port nothing listens on now, for the worker's REST listener. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const address = server.address();
  await new Promise<void>((done) => server.close(() => done()));
  if (address === null || typeof address === "string") throw new Error("no free port");
  return address.port;
}
