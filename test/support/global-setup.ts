import { migrateDatabase } from "@hr-radar/db";
import { redactUrl } from "@hr-radar/local-stack";
import type { TestProject } from "vitest/node";
import { dockerAnswers, type Started, startKafkaAndPostgres } from "./infra.ts";
import { suffix } from "./kafka-admin.ts";
import { createDatabase, databaseUrl, dropDatabase } from "./postgres-admin.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** host:port list of the test broker. */
    kafkaBrokers: string;
    /** A server URL; tests create their own databases on it. */
    postgresUrl: string;
    /** A migrated database that test databases are cloned from. */
    templateDatabase: string;
  }
}

/**
 * Starts one broker and one Postgres for the whole run. Every test then makes its own
 * topics, consumer groups and database (cloned from a migrated template), so files can
 * run in parallel and in any order.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const forced = process.env.HR_RADAR_TEST_INFRA;
  const needDocker = forced !== "native" && (!process.env.KAFKA_BROKERS || !process.env.DATABASE_URL);
  const useDocker = forced === "docker" || (needDocker && (await dockerAnswers()));
  const started: Started[] = [];
  const startedAt = Date.now();
  try {
    const { kafka, postgres: pg } = await startKafkaAndPostgres(useDocker, (s) => started.push(s));
    const template = `hr_radar_template_${suffix()}`;
    await createDatabase(pg.url, template);
    await migrateDatabase(databaseUrl(pg.url, template));
    project.provide("kafkaBrokers", kafka.url);
    project.provide("postgresUrl", pg.url);
    project.provide("templateDatabase", template);
    console.log(
      `integration infra: kafka ${kafka.url} (${kafka.how}), postgres ${redactUrl(pg.url)} (${pg.how}), ready in ${Date.now() - startedAt} ms`,
    );
    return async () => {
      await dropDatabase(pg.url, template).catch(() => {});
      await Promise.all(started.map((s) => s.stop()));
    };
  } catch (error) {
    await Promise.allSettled(started.map((s) => s.stop()));
    throw error;
  }
}
