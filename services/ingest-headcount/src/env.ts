import { DEFAULT_TOPICS, employeeKeySecretSchema } from "@hr-radar/events";
import { ingestEnvSchema } from "@hr-radar/ingest-runner";
import { loadEnv } from "@hr-radar/service-kit";
import { z } from "zod";

/** ingest-headcount configuration, read once at start-up. */
export const envSchema = ingestEnvSchema({ groupId: "hr-radar-ingest-headcount", opsPort: 9101 }).extend({
  HEADCOUNT_TOPIC: z.string().min(1).default(DEFAULT_TOPICS.headcount),
  /** Keys the employee-id hash; changing it unlinks earlier events from later ones. */
  EMPLOYEE_KEY_SECRET: employeeKeySecretSchema,
});
export type Env = z.output<typeof envSchema>;

/** Parses process.env, or exits 2 naming the bad variable. */
export const readEnv = (): Env => loadEnv(envSchema);
