import { databaseUrlSchema, loadEnv, logLevelSchema } from "@hr-radar/service-kit";
import { z } from "zod";

/** api configuration, read once at start-up. The API needs Postgres only, not Kafka. */
export const envSchema = z.object({
  DATABASE_URL: databaseUrlSchema,
  LOG_LEVEL: logLevelSchema,
  /** Where the API, the dashboard and the ops endpoints listen. */
  API_PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  /** 127.0.0.1 keeps it on this machine; 0.0.0.0 in a container. */
  API_HOST: z.string().min(1).default("127.0.0.1"),
  /** Failed authentications one client address may make per minute before it gets 429. */
  API_AUTH_FAILURES_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(20),
  /**
   * Origins (scheme://host[:port], comma-separated) whose pages may call the API from a
   * browser (CORS). Empty, the default: none; the dashboard is served same-origin.
   */
  API_CORS_ORIGINS: z
    .string()
    .default("")
    .transform((value) =>
      value
        .split(",")
        .map((origin) => origin.trim())
        .filter((origin) => origin !== ""),
    )
    .pipe(
      z.array(
        z
          .string()
          .refine(
            (origin) => URL.canParse(origin) && new URL(origin).origin === origin,
            "each origin is scheme://host[:port], with no path or trailing slash",
          ),
      ),
    ),
});
export type Env = z.output<typeof envSchema>;

/** Parses process.env, or exits 2 naming the bad variable. */
export const readEnv = (): Env => loadEnv(envSchema);
