import type { EventFamily } from "@hr-radar/events";
import type { IngestRunner } from "@hr-radar/ingest-runner";
import type { Kafka, Producer } from "kafkajs";
import { createTestDatabase, type TestDatabase } from "./database.ts";
import { newOrganisationId } from "./events.ts";
import { createTopic, suffix, testKafka, testProducer } from "./kafka.ts";
import { startIngest } from "./services.ts";

/** What most ingest tests start from: their own database, topic, producer and organisation. */
export interface IngestFixture {
  db: TestDatabase;
  kafka: Kafka;
  producer: Producer;
  topic: string;
  groupId: string;
  org: string;
  /** The in-process ingest runner, unless `start: false`. */
  runner: IngestRunner | null;
}

const TOPIC_PREFIX: Record<EventFamily, string> = { headcount: "hris.headcount", tickets: "hr.tickets" };

/** Creates a fresh database, topic (random suffix) and producer, and starts the family's ingest. */
export async function ingestFixture(
  family: EventFamily,
  options: { partitions?: number; start?: boolean; maxChunkSize?: number; maxRecordBytes?: number } = {},
): Promise<IngestFixture> {
  const db = await createTestDatabase();
  const kafka = testKafka();
  const topic = await createTopic(kafka, TOPIC_PREFIX[family], options.partitions ?? 3);
  const producer = await testProducer(kafka);
  const groupId = `ingest-${family}-${suffix()}`;
  const runner =
    options.start === false
      ? null
      : await startIngest({
          family,
          topic,
          groupId,
          database: db.client,
          ...(options.maxChunkSize === undefined ? {} : { maxChunkSize: options.maxChunkSize }),
          ...(options.maxRecordBytes === undefined ? {} : { maxRecordBytes: options.maxRecordBytes }),
        });
  return { db, kafka, producer, topic, groupId, org: newOrganisationId(), runner };
}
