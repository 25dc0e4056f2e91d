import { z } from "zod";

/** The CloudEvents spec version hr-radar reads and writes. */
export const SPEC_VERSION = "1.0";

/** `content-type` of a structured-mode record: the whole event is the JSON value. */
export const STRUCTURED_CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";

/** `content-type` of a binary-mode record: attributes in `ce_*` headers, `data` is the value. */
export const JSON_CONTENT_TYPE = "application/json";

/** Header prefix of CloudEvents attributes in binary mode (Kafka protocol binding). */
export const BINARY_HEADER_PREFIX = "ce_";

/**
 * The CloudEvents 1.0 context attributes hr-radar relies on. `source` + `id` identify an
 * event: a producer that sends the same pair twice has sent one event.
 */
export const cloudEventAttributesSchema = z.looseObject({
  specversion: z.literal(SPEC_VERSION),
  id: z.string().min(1).max(256),
  source: z.string().min(1).max(1024),
  type: z.string().min(1).max(256),
  time: z.iso.datetime({ offset: true }).optional(),
  subject: z.string().max(256).optional(),
  datacontenttype: z.string().max(256).optional(),
  dataschema: z.string().max(1024).optional(),
});
export type CloudEventAttributes = z.infer<typeof cloudEventAttributesSchema>;

/** A CloudEvent as it travels: attributes plus JSON `data`. */
export interface CloudEvent<Data = unknown> {
  specversion: typeof SPEC_VERSION;
  id: string;
  source: string;
  type: string;
  time?: string;
  subject?: string;
  datacontenttype?: string;
  data: Data;
}

/** The two CloudEvents Kafka protocol binding modes. */
export type ContentMode = "structured" | "binary";

/** A Kafka header value as kafkajs delivers it. */
export type HeaderValue = Buffer | string | (Buffer | string)[] | undefined;

/** The parts of a Kafka record that decoding reads (a kafkajs message fits). */
export interface KafkaRecord {
  key: Buffer | null;
  value: Buffer | null;
  headers?: Record<string, HeaderValue>;
  /** Milliseconds since the epoch, as kafkajs gives it. */
  timestamp: string;
}

/** A record to send with kafkajs. */
export interface OutgoingRecord {
  key: string;
  value: string;
  headers: Record<string, string>;
}

/** Reads one header as text; the last value wins when a header repeats. */
export function headerText(headers: Record<string, HeaderValue> | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  const value = Array.isArray(raw) ? raw.at(-1) : raw;
  return value === undefined ? undefined : value.toString();
}

/**
 * Encodes a CloudEvent as a Kafka record keyed by `key` (the organisation id, so one
 * organisation's events share a partition and keep their order).
 */
export function encodeCloudEvent(event: CloudEvent, key: string, mode: ContentMode = "structured"): OutgoingRecord {
  if (mode === "structured") {
    return { key, value: JSON.stringify(event), headers: { "content-type": STRUCTURED_CONTENT_TYPE } };
  }
  const { data, datacontenttype, ...attributes } = event;
  const headers: Record<string, string> = { "content-type": datacontenttype ?? JSON_CONTENT_TYPE };
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) headers[`${BINARY_HEADER_PREFIX}${name}`] = String(value);
  }
  return { key, value: JSON.stringify(data), headers };
}
