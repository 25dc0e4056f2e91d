// Helpers shared by the ingest scenarios: the services' environment, their topics, the
// exact checks of what they stored, and the dead-letter count.
import type { Kafka } from "kafkajs";
import { topicRecords } from "../support/kafka-admin.ts";
import { checkHeadcount, checkTickets } from "../support/load-checks.ts";
import type { FaultInfra, ScenarioDatabase } from "../support/own-infra.ts";
import type { SyntheticLoad } from "../support/synthetic-load.ts";
import type { Check } from "./report.ts";

/** The secret the fault suite's ingest-headcount pseudonymises employee ids with. */
export const FAULTS_EMPLOYEE_KEY_SECRET = "faults-secret-0123456789abcdef";

/** The two ingest services and their topic variables. */
export const INGEST = {
  headcount: { service: "ingest-headcount", topicVar: "HEADCOUNT_TOPIC" },
  tickets: { service: "ingest-tickets", topicVar: "TICKETS_TOPIC" },
} as const;

/** What an ingest service process needs to consume `topic` into `db` as `group`. */
export function ingestEnv(
  infra: Pick<FaultInfra, "kafkaBrokers">,
  db: ScenarioDatabase,
  family: keyof typeof INGEST,
  topic: string,
  group: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    KAFKA_BROKERS: infra.kafkaBrokers,
    DATABASE_URL: db.url,
    [INGEST[family].topicVar]: topic,
    CONSUMER_GROUP: group,
    EMPLOYEE_KEY_SECRET: FAULTS_EMPLOYEE_KEY_SECRET,
    INGEST_FETCH_MAX_WAIT_MS: "500",
    // the broker's minimum: a killed member's partitions move 6 s after its last heartbeat
    KAFKA_SESSION_TIMEOUT_MS: "6000",
    // any free port: several instances run side by side (a scenario that watches /readyz sets one)
    OPS_PORT: "0",
    ...extra,
  };
}

/** Every total the synthetic history implies, compared with what Postgres holds. */
export async function historyChecks(
  db: ScenarioDatabase,
  load: SyntheticLoad,
  topics: { headcount: string; tickets: string },
  offsets: { headcount: number; tickets: number },
): Promise<Check[]> {
  return [
    ...(await checkHeadcount(db.url, {
      label: "headcount",
      topic: topics.headcount,
      totals: load.headcount.totals,
      offsets: offsets.headcount,
    })),
    ...(await checkTickets(db.url, {
      label: "tickets",
      topic: topics.tickets,
      totals: load.tickets.totals,
      offsets: offsets.tickets,
    })),
  ];
}

/** Records in `<topic>.dlq`, 0 when the service never created it. */
export async function deadLetterCount(kafka: Kafka, topic: string): Promise<number> {
  try {
    return await topicRecords(kafka, `${topic}.dlq`);
  } catch {
    return 0;
  }
}
