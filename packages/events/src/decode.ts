import type { z } from "zod";
import {
  EARLIEST_PLAUSIBLE_DATE,
  EVENT_CATALOGUE,
  type EventData,
  type EventFamily,
  type EventType,
  eventTypesOf,
  FUTURE_HORIZON_DAYS,
  isEventType,
} from "./catalogue.ts";
import {
  BINARY_HEADER_PREFIX,
  cloudEventAttributesSchema,
  headerText,
  type KafkaRecord,
  STRUCTURED_CONTENT_TYPE,
} from "./cloudevents.ts";
import { compileFastParser, type FastParser, UNSURE } from "./fast-parse.ts";

/**
 * Why a record was rejected. Each code is a dead-letter reason; none is retryable,
 * because the same bytes will fail the same way.
 */
export const REJECTION_CODES = [
  "oversized",
  "not_cloudevent",
  "not_json",
  "unsupported_content_type",
  "unknown_type",
  "schema_violation",
  "impossible_value",
  "key_mismatch",
  // Valid by the contract, yet the database refused it (a value out of a column's range):
  // isolated from its batch and dead-lettered so the partition keeps flowing.
  "unprocessable",
  // Valid by the contract, but its source and id were applied before with other data: a
  // producer reusing ids. The first one stands; the second is not silently dropped.
  "duplicate_conflict",
] as const;
export type RejectionCode = (typeof REJECTION_CODES)[number];

/** A rejected record: what is wrong, and where (`data.headcount`, `ce_id`, ...). */
export interface Rejection {
  code: RejectionCode;
  message: string;
  /** Dotted path of the failing field, or null when the record as a whole is wrong. */
  path: string | null;
}

/** A validated event: CloudEvents identity and time, plus typed `data`. */
export type IngestEvent = {
  [K in EventType]: {
    id: string;
    source: string;
    type: K;
    /** The CloudEvents `time`, else the Kafka record timestamp: orders corrections. */
    time: string;
    data: EventData<K>;
  };
}[EventType];

/** What decoding returns, in the zod style: `success` with data or with an error. */
export type DecodeResult = { success: true; event: IngestEvent } | { success: false; error: Rejection };

/** How to decode: which family the topic carries, the clock, and the size limit. */
export interface DecodeOptions {
  family: EventFamily;
  /** The consumer's clock; decoding itself never reads one. */
  now: Date;
  /** Largest accepted record (value plus headers), in bytes. */
  maxBytes: number;
}

const reject = (code: RejectionCode, message: string, path: string | null = null): DecodeResult => ({
  success: false,
  error: { code, message, path },
});

/**
 * Turns a Kafka record into a validated hr-radar event, or says precisely why not.
 * Accepts both CloudEvents modes: structured (`content-type: application/cloudevents+json`)
 * and binary (`ce_*` headers, `data` as the value).
 */
export function decodeRecord(record: KafkaRecord, options: DecodeOptions): DecodeResult {
  const size = recordSize(record);
  if (size > options.maxBytes) {
    return reject("oversized", `record is ${size} bytes; the limit is ${options.maxBytes}`);
  }
  const envelope = readEnvelope(record);
  if (!envelope.success) return envelope;
  const attributes = parseFast(cloudEventAttributesSchema, fastAttributes, envelope.attributes);
  if (!attributes.success) {
    const issue = attributes.error.issues[0];
    const path = envelope.mode === "binary" ? `${BINARY_HEADER_PREFIX}${issue?.path.join(".")}` : issue?.path.join(".");
    return reject("not_cloudevent", `invalid CloudEvents attribute: ${issue?.message}`, path ?? null);
  }
  const contentType = attributes.data.datacontenttype;
  if (contentType !== undefined && !/^application\/([\w.+-]+\+)?json\b/i.test(contentType)) {
    return reject("unsupported_content_type", `datacontenttype ${contentType} is not JSON`, "datacontenttype");
  }
  const { type } = attributes.data;
  if (!isEventType(type) || EVENT_CATALOGUE[type].family !== options.family) {
    const expected = eventTypesOf(options.family).join(", ");
    return reject(
      "unknown_type",
      `type ${type} is not a ${options.family} event (expected one of ${expected})`,
      "type",
    );
  }
  const spec = EVENT_CATALOGUE[type];
  const data = parseFast(spec.data as z.ZodType, fastData.get(type) ?? null, envelope.data);
  if (!data.success) return fromZodIssue(data.error.issues[0]);
  const implausible = findImplausibleDate(data.data, type, options.now);
  if (implausible) return implausible;
  const organisationId = (data.data as { organisationId: string }).organisationId;
  // Without a key the producer's partitioner spreads one organisation over partitions, and
  // its events are no longer applied in order: as wrong as a key naming another organisation.
  if (record.key === null) {
    return reject(
      "key_mismatch",
      `the record has no key; it must be data.organisationId ${organisationId}`,
      "data.organisationId",
    );
  }
  const key = record.key.toString();
  if (key !== organisationId) {
    return reject(
      "key_mismatch",
      `record key ${key} differs from data.organisationId ${organisationId}`,
      "data.organisationId",
    );
  }
  const timePath = envelope.mode === "binary" ? `${BINARY_HEADER_PREFIX}time` : "time";
  const implausibleTime = findImplausibleTime(attributes.data.time, timePath, options.now);
  if (implausibleTime) return implausibleTime;
  const time = attributes.data.time ?? new Date(Number(record.timestamp)).toISOString();
  const event = { id: attributes.data.id, source: attributes.data.source, type, time, data: data.data };
  return { success: true, event: event as IngestEvent };
}

/**
 * The schema's compiled fast path first (what it accepts is what zod returns), zod for the
 * rest: a value it is unsure of, and every message.
 */
function parseFast<S extends z.ZodType>(
  schema: S,
  fast: FastParser | null,
  input: unknown,
): z.ZodSafeParseResult<z.output<S>> {
  const quick = fast === null ? UNSURE : fast(input);
  return quick === UNSURE ? schema.safeParse(input) : { success: true, data: quick as z.output<S> };
}

const fastAttributes = compileFastParser(cloudEventAttributesSchema);
const fastData = new Map<EventType, FastParser | null>(
  Object.entries(EVENT_CATALOGUE).map(([type, spec]) => [type as EventType, compileFastParser(spec.data as z.ZodType)]),
);

/** Strict UTF-8: JSON must be UTF-8 (RFC 8259), and a record that is not is rejected whole. */
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

type Envelope =
  | { success: true; mode: "structured" | "binary"; attributes: Record<string, unknown>; data: unknown }
  | { success: false; error: Rejection };

function readEnvelope(record: KafkaRecord): Envelope {
  const contentType = headerText(record.headers, "content-type") ?? "";
  // the content type our own producers send, first, before the patterns
  const structured = contentType === STRUCTURED_CONTENT_TYPE || /^application\/cloudevents\+json\b/i.test(contentType);
  const binary = !structured && headerText(record.headers, `${BINARY_HEADER_PREFIX}specversion`) !== undefined;
  if (!structured && /^application\/cloudevents-batch\+json\b/i.test(contentType)) {
    return {
      success: false,
      error: {
        code: "not_cloudevent",
        message: "batched CloudEvents are not supported; send one event per record",
        path: null,
      },
    };
  }
  if (!structured && !binary) {
    return {
      success: false,
      error: {
        code: "not_cloudevent",
        message: "neither content-type application/cloudevents+json nor a ce_specversion header",
        path: null,
      },
    };
  }
  if (record.value === null) {
    return { success: false, error: { code: "not_json", message: "the record has no value", path: null } };
  }
  let text: string;
  try {
    text = utf8.decode(record.value);
  } catch {
    // Buffer#toString would swap bad bytes for U+FFFD and let a mangled event through
    return { success: false, error: { code: "not_json", message: "value is not valid UTF-8", path: null } };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return {
      success: false,
      error: { code: "not_json", message: `value is not JSON: ${(error as Error).message}`, path: null },
    };
  }
  if (structured) {
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      return {
        success: false,
        error: { code: "not_cloudevent", message: "a structured CloudEvent is a JSON object", path: null },
      };
    }
    // The attributes are validated on the parsed object itself (a loose schema: `data` passes
    // through unread); copying them out with a rest spread cost an object per record.
    const event = parsed as Record<string, unknown>;
    return { success: true, mode: "structured", attributes: event, data: event.data };
  }
  const attributes: Record<string, unknown> = {};
  for (const name of Object.keys(record.headers ?? {})) {
    if (name.startsWith(BINARY_HEADER_PREFIX)) {
      attributes[name.slice(BINARY_HEADER_PREFIX.length)] = headerText(record.headers, name);
    }
  }
  if (contentType !== "") attributes.datacontenttype = contentType;
  return { success: true, mode: "binary", attributes, data: parsed };
}

function recordSize(record: KafkaRecord): number {
  let size = (record.value?.length ?? 0) + (record.key?.length ?? 0);
  const headers = record.headers;
  if (headers === undefined) return size;
  for (const name in headers) {
    const value = headers[name];
    if (Array.isArray(value)) for (const v of value) size += name.length + byteLength(v);
    else size += name.length + byteLength(value);
  }
  return size;
}

const byteLength = (value: Buffer | string | undefined): number =>
  value === undefined ? 0 : typeof value === "string" ? Buffer.byteLength(value) : value.length;

/** Out-of-range numbers are impossible values (negative headcount); the rest is shape. */
function fromZodIssue(issue: z.core.$ZodIssue | undefined): DecodeResult {
  if (issue === undefined) return reject("schema_violation", "invalid data");
  const path = ["data", ...issue.path.map(String)].join(".");
  const outOfRange = (issue.code === "too_small" || issue.code === "too_big") && issue.origin === "number";
  return reject(outOfRange ? "impossible_value" : "schema_violation", issue.message, path);
}

const DAY_MS = 86_400_000;

function findImplausibleDate(data: unknown, type: EventType, now: Date): DecodeResult | null {
  for (const field of EVENT_CATALOGUE[type].datedFields) {
    const value = (data as Record<string, unknown>)[field.path];
    if (typeof value !== "string") continue;
    const limit = now.getTime() + FUTURE_HORIZON_DAYS[field.horizon] * DAY_MS;
    // A calendar date's midnight (UTC) is past the limit exactly when the date is later than
    // the limit's own date: compared as text, without a Date.parse per event.
    const late = value.length === 10 ? value > isoDay(limit) : Date.parse(value) > limit;
    if (late) {
      const days = FUTURE_HORIZON_DAYS[field.horizon];
      return reject("impossible_value", `${value} is more than ${days} day(s) in the future`, `data.${field.path}`);
    }
    if (value < EARLIEST_PLAUSIBLE_DATE) {
      return reject("impossible_value", `${value} is before ${EARLIEST_PLAUSIBLE_DATE}`, `data.${field.path}`);
    }
  }
  return null;
}

// The limits' dates, for the clock of the chunk being decoded (one `now` per chunk).
let isoDays = new Map<number, string>();
function isoDay(ms: number): string {
  let day = isoDays.get(ms);
  if (day === undefined) {
    if (isoDays.size >= 16) isoDays = new Map();
    day = new Date(ms).toISOString().slice(0, 10);
    isoDays.set(ms, day);
  }
  return day;
}

/**
 * `time` decides which correction wins, so a profile dated a century ahead would win against
 * every later one: it gets the plausibility of a `data` instant.
 */
const EARLIEST_PLAUSIBLE_TIME = Date.parse(`${EARLIEST_PLAUSIBLE_DATE}T00:00:00Z`);

function findImplausibleTime(time: string | undefined, path: string, now: Date): DecodeResult | null {
  if (time === undefined) return null;
  const days = FUTURE_HORIZON_DAYS.instant;
  const at = Date.parse(time);
  if (at > now.getTime() + days * DAY_MS) {
    return reject("impossible_value", `${time} is more than ${days} day(s) in the future`, path);
  }
  if (at < EARLIEST_PLAUSIBLE_TIME) {
    return reject("impossible_value", `${time} is before ${EARLIEST_PLAUSIBLE_DATE}`, path);
  }
  return null;
}
