import pino, { type Logger } from "pino";

export type { Logger } from "pino";

/**
 * JSON logs for machines; human-readable ones only when a person is watching a terminal.
 * `name` becomes the `service` field of every line.
 */
export function createLogger(name: string, level: string = "info"): Logger {
  const pretty = process.stdout.isTTY === true && process.env.LOG_FORMAT !== "json";
  return pino({
    level,
    base: { service: name },
    timestamp: pino.stdTimeFunctions.isoTime,
    ...(pretty ? { transport: { target: "pino-pretty", options: { translateTime: "SYS:HH:MM:ss.l" } } } : {}),
  });
}
