// Where the integration tests get Kafka and Postgres, in order of preference:
// 1. URLs from the environment (KAFKA_BROKERS, DATABASE_URL);
// 2. a Docker engine, if one answers (testcontainers);
// 3. native processes: a KRaft broker from Maven Central jars and a throw-away Postgres
//    cluster from the machine's binaries (infra/kafka/kafka.sh, infra/postgres/pg.sh).
// HR_RADAR_TEST_INFRA=env|docker|native forces one.
import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const repoRoot = resolve(import.meta.dirname, "../..");

/** A started dependency: where to reach it and how to stop it. */
export interface Started {
  url: string;
  how: "env" | "docker" | "native";
  stop(): Promise<void>;
}

/** Finds a free TCP port on 127.0.0.1 (and, for Kafka's controller, the one after it). */
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

/** True when a Docker (or compatible) engine answers within a few seconds. */
export async function dockerAnswers(): Promise<boolean> {
  if (process.env.HR_RADAR_TEST_INFRA === "native") return false;
  try {
    const { getContainerRuntimeClient } = await import("testcontainers");
    const probe = getContainerRuntimeClient().then(() => true);
    const timeout = new Promise<boolean>((done) => setTimeout(() => done(false), 5_000).unref());
    return await Promise.race([probe, timeout]);
  } catch {
    return false;
  }
}

/** Kafka for the test run. */
export async function startKafka(useDocker: boolean): Promise<Started> {
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
  // the controller listens on the next port, so both must be free
  let port = await freePort();
  while (!(await portIsFree(port + 1))) port = await freePort();
  return startNative("infra/kafka/kafka.sh", "hr-radar-kafka-", port, 300_000);
}

/** Postgres for the test run: a server URL the tests create their own databases on. */
export async function startPostgres(useDocker: boolean): Promise<Started> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, how: "env", stop: async () => {} };
  if (useDocker) {
    const { PostgreSqlContainer } = await import("@testcontainers/postgresql");
    const container = await new PostgreSqlContainer("postgres:15-alpine").start();
    return { url: container.getConnectionUri(), how: "docker", stop: async () => void (await container.stop()) };
  }
  return startNative("infra/postgres/pg.sh", "hr-radar-pg-", await freePort(), 120_000);
}

/**
 * Runs one of the infra scripts (`start --dir D --port P` prints the URL; `stop --dir D`)
 * with a fresh temp dir, removed again on stop.
 */
async function startNative(scriptPath: string, tempPrefix: string, port: number, timeoutMs: number): Promise<Started> {
  const dir = await mkdtemp(join(tmpdir(), tempPrefix));
  const script = join(repoRoot, scriptPath);
  const { stdout } = await run("bash", [script, "start", "--dir", dir, "--port", String(port)], { timeout: timeoutMs });
  return {
    url: stdout.trim(),
    how: "native",
    stop: async () => {
      await run("bash", [script, "stop", "--dir", dir]);
      await rm(dir, { recursive: true, force: true });
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
