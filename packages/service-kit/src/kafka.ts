import { Kafka, logLevel, type LogEntry } from "kafkajs";
import type { Logger } from "pino";

/** How a service reaches Kafka. */
export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  logger: Logger;
}

/**
 * A kafkajs client whose own logs go through the service's pino logger (as JSON, with the
 * service name), instead of kafkajs' console output.
 */
export function createKafka({ brokers, clientId, logger }: KafkaSettings): Kafka {
  const kafkaLog = logger.child({ component: "kafkajs" });
  return new Kafka({
    clientId,
    brokers,
    logLevel: logLevel.WARN,
    retry: { initialRetryTime: 300, retries: 8 },
    logCreator:
      () =>
      ({ level, log }: LogEntry) => {
        const { message, ...extra } = log;
        if (level === logLevel.ERROR || level === logLevel.NOTHING) kafkaLog.error(extra, message);
        else if (level === logLevel.WARN) kafkaLog.warn(extra, message);
        else if (level === logLevel.INFO) kafkaLog.info(extra, message);
        else kafkaLog.debug(extra, message);
      },
  });
}
