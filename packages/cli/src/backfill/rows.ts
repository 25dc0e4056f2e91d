import { createHash } from "node:crypto";
import {
  type CloudEvent,
  decodeRecord,
  EVENT_CATALOGUE,
  type EventFamily,
  encodeCloudEvent,
  isEventType,
  type OutgoingRecord,
  type Rejection,
  SPEC_VERSION,
} from "@hr-radar/events";
import { z } from "zod";

// Turning history files into the pipeline's events. Pure: the caller reads the file,
// passes the clock, and sends what comes out. Every row is validated with the very
// decoder the ingest services use, so a row accepted here is accepted there, and a row
// rejected here never reaches Kafka (it is written to the rejects file with its reason).

/**
 * Why a row of a history file is rejected: the ingest decoder's reasons, plus a CSV row
 * that cannot be read (`csv_syntax`) or has more or fewer fields than the header
 * (`csv_row_length`).
 */
export type RowRejection = Omit<Rejection, "code"> & { code: Rejection["code"] | "csv_syntax" | "csv_row_length" };

/** One row, checked: where it goes, or why it cannot. */
export type CheckedRow =
  | { accepted: true; family: EventFamily; record: OutgoingRecord }
  | { accepted: false; line: number; reason: RowRejection; input: unknown };

/** What the rows of a history file need besides their own fields. */
export interface RowContext {
  /** CloudEvents `source` for rows without one, e.g. urn:hr-radar:backfill:history.csv */
  source: string;
  now: Date;
  maxBytes: number;
}

const CLOUD_EVENT_ATTRIBUTES = new Set([
  "specversion",
  "id",
  "source",
  "type",
  "time",
  "subject",
  "datacontenttype",
  "dataschema",
]);

/**
 * A row as an event: a full CloudEvent passes as is; a flat object { type, ...fields } (a
 * CSV row, or a shorthand NDJSON line) becomes one, its non-attribute fields the `data`.
 * Rows without an id get one derived from their content, so loading the same file twice
 * is deduplicated by the pipeline instead of counted twice.
 */
export function toCloudEvent(row: Record<string, unknown>, context: Pick<RowContext, "source">): CloudEvent {
  if ("data" in row && "type" in row) {
    const event = { specversion: SPEC_VERSION, source: context.source, ...row } as CloudEvent & Record<string, unknown>;
    event.id ??= contentId(row);
    return event;
  }
  const attributes: Record<string, unknown> = {};
  const data: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(row)) {
    if (value === undefined || value === "") continue;
    (CLOUD_EVENT_ATTRIBUTES.has(name) ? attributes : data)[name] = value;
  }
  return { specversion: SPEC_VERSION, source: context.source, id: contentId(row), ...attributes, data } as CloudEvent;
}

/** Validates a row with the ingest decoder and encodes it as the Kafka record to send. */
export function checkRow(row: unknown, line: number, context: RowContext): CheckedRow {
  if (typeof row !== "object" || row === null || Array.isArray(row)) {
    return {
      accepted: false,
      line,
      input: row,
      reason: { code: "not_cloudevent", message: "a row must be a JSON object", path: null },
    };
  }
  const event = toCloudEvent(coerceCsvRow(row as Record<string, unknown>), context);
  const type = String(event.type ?? "");
  if (!isEventType(type)) {
    return {
      accepted: false,
      line,
      input: row,
      reason: { code: "unknown_type", message: `type '${type}' is not an hr-radar event type`, path: "type" },
    };
  }
  const family = EVENT_CATALOGUE[type].family;
  const organisationId = (event.data as { organisationId?: unknown } | undefined)?.organisationId;
  const record = encodeCloudEvent(event, typeof organisationId === "string" ? organisationId : "");
  const decoded = decodeRecord(
    {
      key: record.key === "" ? null : Buffer.from(record.key),
      value: Buffer.from(record.value),
      headers: record.headers,
      timestamp: String(context.now.getTime()),
    },
    { family, now: context.now, maxBytes: context.maxBytes },
  );
  if (!decoded.success) return { accepted: false, line, input: row, reason: decoded.error };
  return { accepted: true, family, record };
}

/**
 * CSV cells are text; the contract has numbers, booleans, arrays and objects. A cell is
 * converted when the event type's schema wants that field as a number (or integer) or a
 * boolean, and JSON cells ([...] or {...}) are parsed, so `headcount` "120" becomes 120
 * while an `employeeId` "00123" stays text. Non-CSV rows pass through unchanged.
 */
export function coerceCsvRow(row: Record<string, unknown>): Record<string, unknown> {
  const type = row.type;
  if (typeof type !== "string" || !isEventType(type) || "data" in row) return row;
  const shape = objectShape(EVENT_CATALOGUE[type].data);
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(row)) {
    if (typeof value !== "string" || CLOUD_EVENT_ATTRIBUTES.has(name)) {
      out[name] = value;
      continue;
    }
    const kind = shape ? leafKind(shape[name]) : "other";
    const trimmed = value.trim();
    if (trimmed === "") out[name] = undefined;
    else if (kind === "number" && /^-?\d+(\.\d+)?$/.test(trimmed)) out[name] = Number(trimmed);
    else if (kind === "boolean" && /^(true|false)$/i.test(trimmed)) out[name] = trimmed.toLowerCase() === "true";
    else if (/^[[{]/.test(trimmed)) out[name] = parseJsonOr(trimmed);
    else out[name] = value;
  }
  return out;
}

function objectShape(schema: z.ZodType): Record<string, z.ZodType> | null {
  let current: z.ZodType = schema;
  for (let i = 0; i < 5; i++) {
    if (current instanceof z.ZodObject) return current.shape as Record<string, z.ZodType>;
    const inner = (current as { def?: { innerType?: z.ZodType; in?: z.ZodType; schema?: z.ZodType } }).def;
    const next = inner?.innerType ?? inner?.in ?? inner?.schema;
    if (!next) return null;
    current = next;
  }
  return null;
}

function leafKind(schema: z.ZodType | undefined): "number" | "boolean" | "other" {
  let current = schema;
  for (let i = 0; current && i < 6; i++) {
    if (current instanceof z.ZodNumber) return "number";
    if (current instanceof z.ZodBoolean) return "boolean";
    const def = (current as { def?: { innerType?: z.ZodType; in?: z.ZodType } }).def;
    current = def?.innerType ?? def?.in;
  }
  return "other";
}

function parseJsonOr(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A UUID-shaped id from a row's content (stable across runs of the same file). */
function contentId(row: Record<string, unknown>): string {
  const hex = createHash("sha256").update(JSON.stringify(row)).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
