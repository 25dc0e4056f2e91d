import { z } from "zod";

/**
 * Parses the environment once, at start-up. On failure it prints one line naming the
 * variable and what is wrong, and exits with status 2 (a configuration error), so a
 * misconfigured service never starts half-working.
 */
export function loadEnv<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.output<S> {
  const result = parseEnv(schema, env);
  if (!result.success) {
    process.stderr.write(`config: ${result.error}\n`);
    process.exit(2);
  }
  return result.data;
}

/** {@link loadEnv} without the exit: the first problem as `VARIABLE: message`. */
export function parseEnv<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv,
): { success: true; data: z.output<S> } | { success: false; error: string } {
  const result = schema.safeParse(env);
  if (result.success) return { success: true, data: result.data };
  const issue = result.error.issues[0];
  const variable = issue?.path.join(".") || "environment";
  const message = issue?.code === "invalid_type" && issue.input === undefined ? "required" : issue?.message;
  return { success: false, error: `${variable}: ${message}` };
}

/** Comma-separated `host:port` list, e.g. KAFKA_BROKERS=127.0.0.1:9092,127.0.0.1:9093. */
export const brokerListSchema = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((b) => b.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().regex(/^[^\s:]+:\d{1,5}$/, "expected host:port[,host:port...]")).min(1));

/** A postgres:// URL. */
export const databaseUrlSchema = z.string().regex(/^postgres(ql)?:\/\//, "expected postgres://user@host:port/database");

/** pino log levels. */
export const logLevelSchema = z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info");

/** A positive integer read from a string variable, with a default. */
export function positiveIntVar(defaultValue: number) {
  return z.coerce.number().int().positive().default(defaultValue);
}

/** The settings every hr-radar service shares. */
export const commonEnvSchema = z.object({
  KAFKA_BROKERS: brokerListSchema,
  DATABASE_URL: databaseUrlSchema,
  LOG_LEVEL: logLevelSchema,
  KAFKA_CLIENT_ID: z.string().min(1).optional(),
});
