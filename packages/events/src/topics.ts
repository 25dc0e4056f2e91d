/** Default Kafka topic names. Every service lets configuration override them. */
export const DEFAULT_TOPICS = {
  /** HRIS events: organisation profiles, headcount snapshots, hires, terminations, changes. */
  headcount: "hris.headcount.v1",
  /** HR helpdesk events: tickets opened, resolved, escalated, and volume reports. */
  tickets: "hr.tickets.v1",
  /** Staffing alerts published by the analyzer. */
  alerts: "staffing.alerts.v1",
} as const;

/** The dead-letter topic paired with a source topic. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}
