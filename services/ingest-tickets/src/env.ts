import { DEFAULT_TOPICS } from "@hr-radar/events";
import { ingestEnvSchema } from "@hr-radar/ingest-runner";
import { loadEnv } from "@hr-radar/service-kit";
import { z } from "zod";

/** ingest-tickets configuration, read once at start-up. */
export const envSchema = ingestEnvSchema({ groupId: "hr-radar-ingest-tickets", opsPort: 9102 }).extend({
  TICKETS_TOPIC: z.string().min(1).default(DEFAULT_TOPICS.tickets),
});
export type Env = z.output<typeof envSchema>;

/** Parses process.env, or exits 2 naming the bad variable. */
export const readEnv = (): Env => loadEnv(envSchema);
