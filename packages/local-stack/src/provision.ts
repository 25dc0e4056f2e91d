// Where Kafka and Postgres come from, in order of preference:
// 1. URLs from the environment (KAFKA_BROKERS, DATABASE_URL);
// 2. a Docker engine, if one answers (testcontainers);
// 3. native processes: a KRaft broker from Maven Central jars and a Postgres cluster from
//    the machine's binaries (infra/kafka/kafka.sh, infra/postgres/pg.sh).
// HR_RADAR_INFRA=env|docker|native forces one (HR_RADAR_TEST_INFRA in the tests).
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { createServer, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, "../../..");

/** A started (or found) dependency: where to reach it and how to stop it. */
export interface Started {
  url: string;
  how: "env" | "docker" | "native" | "running";
  stop(): Promise<void>;
}

/** Where native processes keep their data: a temp dir removed on stop, or a kept one. */
export type NativeStore = { kind: "temp" } | { kind: "kept"; dir: string; port: number };

/** Finds a free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.unref();
    server.on("error", fail);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** True when something accepts connections on 127.0.0.1:port. */
export async function portAnswers(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = new Socket();
    socket.setTimeout(1_000);
    socket.once("connect", () => {
      socket.destroy();
      done(true);
    });
    socket.once("timeout", () => {
      socket.destroy();
      done(false);
    });
    socket.once("error", () => done(false));
    socket.connect(port, "127.0.0.1");
  });
}

/** True when a Docker (or compatible) engine answers within a few seconds. */
export async function dockerAnswers(): Promise<boolean> {
  try {
    const { getContainerRuntimeClient } = await import("testcontainers");
    const probe = getContainerRuntimeClient().then(() => true);
    const timeout = new Promise<boolean>((done) => setTimeout(() => done(false), 5_000).unref());
    return await Promise.race([probe, timeout]);
  } catch {
    return false;
  }
}

/** Kafka from the environment, Docker, or the native broker. */
export async function startKafka(useDocker: boolean, store: NativeStore = { kind: "temp" }): Promise<Started> {
  if (process.env.KAFKA_BROKERS) return { url: process.env.KAFKA_BROKERS, how: "env", stop: async () => {} };
  if (useDocker) {
    const { KafkaContainer } = await import("@testcontainers/kafka");
    const container = await new KafkaContainer("confluentinc/cp-kafka:7.9.0").withKraft().start();
    return {
      url: `${container.getHost()}:${container.getMappedPort(9093)}`,
      how: "docker",
      stop: async () => void (await container.stop()),
    };
  }
  if (store.kind === "kept") {
    if (await portAnswers(store.port)) return { url: `127.0.0.1:${store.port}`, how: "running", stop: async () => {} };
    return startNative("infra/kafka/kafka.sh", store.dir, store.port, 300_000, false);
  }
  // the controller listens on the next port, so both must be free
  let port = await freePort();
  while (!(await portIsFree(port + 1))) port = await freePort();
  return startNative("infra/kafka/kafka.sh", await mkdtemp(join(tmpdir(), "hr-radar-kafka-")), port, 300_000, true);
}

/** A Postgres server URL (the caller creates its database on it). */
export async function startPostgres(useDocker: boolean, store: NativeStore = { kind: "temp" }): Promise<Started> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, how: "env", stop: async () => {} };
  if (useDocker) {
    const { PostgreSqlContainer } = await import("@testcontainers/postgresql");
    const container = await new PostgreSqlContainer("postgres:15-alpine").start();
    return { url: container.getConnectionUri(), how: "docker", stop: async () => void (await container.stop()) };
  }
  if (store.kind === "kept") {
    if (await portAnswers(store.port))
      return { url: `postgres://postgres@127.0.0.1:${store.port}/postgres`, how: "running", stop: async () => {} };
    return startNative("infra/postgres/pg.sh", store.dir, store.port, 120_000, false);
  }
  return startNative(
    "infra/postgres/pg.sh",
    await mkdtemp(join(tmpdir(), "hr-radar-pg-")),
    await freePort(),
    120_000,
    true,
  );
}

/**
 * Runs one of the infra scripts (`start --dir D --port P` prints the URL; `stop --dir D`);
 * a temp dir is removed again on stop.
 */
async function startNative(
  scriptPath: string,
  dir: string,
  port: number,
  timeoutMs: number,
  temporary: boolean,
): Promise<Started> {
  await mkdir(dir, { recursive: true });
  const script = join(repoRoot, scriptPath);
  const { stdout } = await run("bash", [script, "start", "--dir", dir, "--port", String(port)], { timeout: timeoutMs });
  return {
    url: stdout.trim(),
    how: "native",
    stop: async () => {
      await run("bash", [script, "stop", "--dir", dir]);
      if (temporary) await rm(dir, { recursive: true, force: true });
    },
  };
}

async function portIsFree(port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once("error", () => done(false));
    server.listen(port, "127.0.0.1", () => server.close(() => done(true)));
  });
}
