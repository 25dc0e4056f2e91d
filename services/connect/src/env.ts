import { DEFAULT_TOPICS, employeeKeySecretSchema } from "@hr-radar/events";
import { commonEnvSchema, loadEnv, positiveIntVar } from "@hr-radar/service-kit";
import { z } from "zod";

/** connect configuration, read once at start-up. */
export const envSchema = commonEnvSchema.extend({
  /** Webhooks (`POST /hooks/<connection>`) and the ops endpoints, on one port. */
  CONNECT_PORT: z.coerce.number().int().min(0).max(65_535).default(9104),
  CONNECT_HOST: z.string().min(1).default("127.0.0.1"),
  HEADCOUNT_TOPIC: z.string().min(1).default(DEFAULT_TOPICS.headcount),
  TICKETS_TOPIC: z.string().min(1).default(DEFAULT_TOPICS.tickets),
  /** The same secret as ingest-headcount's: keys record state and event ids. */
  EMPLOYEE_KEY_SECRET: employeeKeySecretSchema,
  /** How often the connections table is re-read (added, changed, removed connections). */
  CONNECT_RELOAD_MS: positiveIntVar(30_000),
  /**
   * Passes run at once across connections (each holds one database session for its
   * connection's lock); more connections wait their turn.
   */
  CONNECT_CONCURRENCY: positiveIntVar(2),
  /** Attempts per vendor request (429/5xx/network errors are retried, Retry-After honoured). */
  CONNECT_HTTP_MAX_ATTEMPTS: positiveIntVar(6),
  /** The longest wait between two attempts; a longer Retry-After fails the run (the next one retries). */
  CONNECT_HTTP_MAX_DELAY_MS: positiveIntVar(120_000),
  /** Largest webhook body accepted (413 beyond). */
  CONNECT_MAX_WEBHOOK_BYTES: positiveIntVar(1024 * 1024),
  /** Test-only: `connect-after-produce@N` SIGKILLs the process after its N-th produced batch, before its state is stored. */
  HR_RADAR_FAILPOINT: z
    .string()
    .regex(/^connect-after-produce(@\d+)?$/, "connect-after-produce[@N]")
    .optional(),
});
export type Env = z.output<typeof envSchema>;

/** Parses process.env, or exits 2 naming the bad variable. */
export const readEnv = (): Env => loadEnv(envSchema);
