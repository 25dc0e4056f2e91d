import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { RunKind, RunSummary } from "@hr-radar/connectors";
import { DEFAULT_DATA_DIR, setting } from "../config.ts";
import { CliError } from "../errors.ts";

/**
 * Runs a connector pass in the CLI's process, as the service would (the advisory lock keeps
 * it from overlapping the service's passes). A dry run (`connect test`) reads the vendor
 * and counts, and needs neither Kafka nor the employee key. Secrets are resolved from
 * this shell's environment or files.
 */
export async function runConnectionHere(
  connectionId: string,
  options: { dryRun?: boolean; run?: RunKind },
): Promise<{ summary: RunSummary; account: string }> {
  const [connectors, { connectDatabase }, { default: pino }] = await Promise.all([
    import("@hr-radar/connectors"),
    import("@hr-radar/db"),
    import("pino"),
  ]);
  const logger = pino({ level: process.env.LOG_LEVEL ?? "silent" });
  const database = connectDatabase(setting("DATABASE_URL"), { max: 2, applicationName: "hr-radar-cli-connect" });
  try {
    const connection = await connectors.loadConnection(database.db, connectionId);
    if (!connection) throw new CliError(`no connection ${connectionId}: see \`hr-radar connect list\``);
    const dry = options.dryRun === true;
    const secret = dry ? "dry-run-ids-are-never-sent" : employeeKeySecret();
    const base = { database, store: connectors.connectorStore(database.db, secret), employeeKeySecret: secret, logger };
    let account = "";
    try {
      const { adapter, ctx } = connectors.syncContext({ ...base, sink: refuse }, connection);
      if (dry) account = (await adapter.probe(ctx)).account;
      if (dry)
        return {
          summary: await connectors.runConnection({ ...base, sink: refuse }, connection, "first-sync", {
            dryRun: true,
          }),
          account,
        };
      const { createKafka, createProducer } = await import("@hr-radar/service-kit");
      const producer = createProducer(
        createKafka({ brokers: setting("KAFKA_BROKERS").split(","), clientId: "hr-radar-cli-connect", logger }),
      );
      await producer.connect();
      try {
        const sink = connectors.kafkaEventSink(producer, {
          hris: setting("HEADCOUNT_TOPIC"),
          helpdesk: setting("TICKETS_TOPIC"),
        });
        return {
          summary: await connectors.runConnection({ ...base, sink }, connection, options.run ?? "sync"),
          account,
        };
      } finally {
        await producer.disconnect();
      }
    } catch (error) {
      throw explain(error, connectors);
    }
  } finally {
    await database.close();
  }
}

const refuse = {
  send: () => Promise.reject(new Error("a dry run sends nothing")),
};

/** EMPLOYEE_KEY_SECRET, else the local one `hr-radar up` generated. */
function employeeKeySecret(): string {
  if (process.env.EMPLOYEE_KEY_SECRET) return process.env.EMPLOYEE_KEY_SECRET;
  const local = join(DEFAULT_DATA_DIR, "employee-key-secret");
  if (existsSync(local)) return readFileSync(local, "utf8").trim();
  throw new CliError(
    "EMPLOYEE_KEY_SECRET is not set (the same secret as the connector service and ingest-headcount)",
    2,
  );
}

/** Vendor and configuration failures as one line that says what to do. */
function explain(error: unknown, c: typeof import("@hr-radar/connectors")): unknown {
  if (error instanceof c.SecretUnavailableError)
    return new CliError(`${error.message} (set it in this shell to test or sync here)`);
  if (error instanceof c.ConnectorConfigError) return new CliError(error.message, 2);
  if (error instanceof c.VendorHttpError)
    return new CliError(
      error.unauthorised ? `the vendor refused the credentials (${error.status}): ${error.url}` : error.message,
    );
  return error;
}
