import type { Command } from "commander";
import { Option } from "commander";
import { DEFAULT_DATA_DIR } from "../config.ts";
import type { Stack, StackOptions } from "../stack.ts";
import { port } from "./options.ts";

/** Options `up` and `demo` share. */
export interface StackCliOptions {
  dataDir: string;
  host: string;
  port: number;
  connectPort: number;
  kafkaPort: number;
  pgPort: number;
  partitions: number;
  logLevel: string;
  topicPrefix: string;
}

/** Adds the options of a command that starts the stack. */
export function stackOptions(cmd: Command): Command {
  return cmd
    .option("--data-dir <dir>", "where Kafka's and Postgres' data and the logs are kept", DEFAULT_DATA_DIR)
    .option("--host <host>", "interface the API listens on", "127.0.0.1")
    .option("-p, --port <port>", "API and dashboard port", port, 8080)
    .option("--connect-port <port>", "connector service port (webhooks: /hooks/<connection>)", port, 9104)
    .option("--kafka-port <port>", "local broker port (its controller takes the next one)", port, 9092)
    .option("--pg-port <port>", "local Postgres port", port, 54329)
    .option("--partitions <n>", "partitions of new topics", (v) => Number(v), 6)
    .addOption(
      new Option("--log-level <level>", "service log level (logs go to DATA_DIR/logs/hr-radar.log)")
        .choices(["debug", "info", "warn", "error"])
        .default("info"),
    );
}

export function stackSettings(
  o: StackCliOptions,
  say: (line: string) => void,
): Omit<StackOptions, "database" | "topics" | "groupPrefix"> {
  return {
    dataDir: o.dataDir,
    host: o.host,
    apiPort: o.port,
    connectPort: o.connectPort,
    kafkaPort: o.kafkaPort,
    pgPort: o.pgPort,
    partitions: o.partitions,
    logLevel: o.logLevel,
    analyzerCron: "0 6 * * *",
    say,
  };
}

/** Prints to stderr, so stdout stays for results. */
export const say = (line: string): void => void process.stderr.write(`hr-radar: ${line}\n`);

/**
 * Keeps the process up until Ctrl-C / SIGTERM (stops everything, exit 0) or until a
 * service gives up (stops the rest, exit 1).
 */
export async function runUntilStopped(stack: Stack): Promise<void> {
  await new Promise<void>((done, fail) => {
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) process.exit(1);
      stopping = true;
      say(`${signal}: stopping the services, Kafka and Postgres`);
      stack.stop().then(() => {
        say("stopped cleanly");
        done();
      }, fail);
    };
    process.once("SIGINT", () => stop("SIGINT"));
    process.once("SIGTERM", () => stop("SIGTERM"));
    stack.failed.then((error) => {
      say(`a service stopped: ${error.message}; stopping the rest (see ${stack.logFile})`);
      stack.stop().finally(() => fail(error));
    });
  });
}

/** `hr-radar up`: the whole pipeline in one process. */
export function registerUp(program: Command): void {
  stackOptions(
    program
      .command("up")
      .summary("start the whole pipeline in one process (Kafka, Postgres, services, API, dashboard)")
      .description(
        "start the whole pipeline in one process: Kafka and Postgres (from KAFKA_BROKERS/DATABASE_URL, else Docker, else local processes), " +
          "migrations, topics, both ingest services, the connector service (`hr-radar connect add`), the analyzer (ANALYZER_CRON, default daily 06:00) and the API with the dashboard",
      ),
  )
    .option(
      "--topic-prefix <prefix>",
      "prefix of the topic and consumer-group names (several stacks on one broker)",
      "",
    )
    .action(async (o: StackCliOptions) => {
      // loaded on use: the stack brings every service, which the other commands do not need
      const { startStack, stackTopics } = await import("../stack.ts");
      const stack = await startStack({
        ...stackSettings(o, say),
        database: "hr_radar",
        topics: stackTopics(o.topicPrefix),
        groupPrefix: `${o.topicPrefix}hr-radar-`,
      });
      say(
        `up: API ${stack.apiUrl}  dashboard ${stack.apiUrl}/dashboard/  metrics ${stack.apiUrl}/metrics  webhooks ${stack.connectUrl}/hooks/<connection>  logs ${stack.logFile}`,
      );
      say(
        "up: send events to the topics (or `hr-radar backfill FILE`), create a dashboard token with `hr-radar token create --org <id>`; Ctrl-C stops",
      );
      await runUntilStopped(stack);
    });
}
