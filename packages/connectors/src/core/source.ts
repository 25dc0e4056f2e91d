import type { CloudEvent } from "@hr-radar/events";
import type { Logger } from "pino";
import type { z } from "zod";
import type { Connection } from "./connections.ts";
import type { HttpClient } from "./http-client.ts";
import type { UnmappedValue } from "./mapping.ts";

/** Every vendor a connector exists (or is planned) for. */
export const VENDORS = [
  "bamboohr",
  "personio",
  "merge-hris",
  "zendesk",
  "jira-service-management",
  "merge-ticketing",
] as const;
export type Vendor = (typeof VENDORS)[number];

/** What a connection feeds: the HRIS topic or the helpdesk topic. */
export type SourceKind = "hris" | "helpdesk";

/** JSON a record's state may hold (never names, e-mails or salaries). */
export type RecordState = Record<string, string | number | boolean | null>;

/** A contract event the connector produces, keyed by its organisation. */
export type OutgoingEvent = CloudEvent<{ organisationId: string }>;

/** A record's state after a batch: `null` forgets it (the vendor deleted the record). */
export interface RecordUpdate {
  /** The vendor's id of the record; the core stores only its keyed hash. */
  recordId: string;
  state: RecordState | null;
}

/** The checkpoint stream of the incremental reconciliation (its cursor is the adapter's). */
export const RECONCILE_STREAM = "reconcile";

/** A stream's position, e.g. `{ stream: "changed", cursor: "2026-11-30T10:00:00Z" }`. */
export interface Checkpoint {
  stream: string;
  cursor: string;
}

/**
 * What an adapter hands the core at a time: events to produce, then (only once they are
 * acknowledged by Kafka) record states and a checkpoint to store, in one transaction. A
 * crash between the two redoes the batch; the events' deterministic ids make the repeat
 * harmless.
 */
export interface EmitBatch {
  events: OutgoingEvent[];
  records?: RecordUpdate[];
  checkpoint?: Checkpoint;
  /** Values the mapping could not place: reported (logs, `connect test`), never dropped silently. */
  unmapped?: UnmappedValue[];
}

/** Whether a webhook delivery is genuine: a value, never a throw. */
export type VerifyResult =
  | { ok: true }
  | { ok: false; reason: "missing_signature" | "bad_signature" | "stale_timestamp" | "malformed" };

/** One record a webhook says changed: the connector fetches it (webhooks are thin). */
export interface WebhookChange {
  recordId: string;
  /** The vendor's event name, e.g. `employee.updated`. */
  action: string;
}

/** What `hr-radar connect test` prints: credentials work, and what a first sync would send. */
export interface ProbeSummary {
  /** e.g. `BambooHR company acme, 120 employees`. */
  account: string;
}

/** What an adapter may use while it syncs; built by the core per run. */
export interface SyncContext<Cfg> {
  connection: Connection;
  config: Cfg;
  /** Credentials resolved from their references (env var or file) for this run. */
  secret(name: string): string;
  http: HttpClient;
  /** The instant of this run (one clock read, so a run is consistent). */
  now: Date;
  /** Today's date in the connection's time zone. */
  today: string;
  /** CloudEvents `source` of this connection's events. */
  source: string;
  /** A deterministic CloudEvent id for `recordId`'s `change` (see event-ids.ts). */
  eventId(recordId: string, change: string): string;
  /** The stored states of these records (by vendor id); absent: never seen. */
  states(recordIds: readonly string[]): Promise<Map<string, RecordState>>;
  logger: Logger;
}

/**
 * A vendor's connector: a typed client, a pure normaliser and webhook verification behind
 * one interface, so the service, the CLI and the tests drive every vendor the same way.
 */
export interface SourceAdapter<Cfg = unknown> {
  vendor: Vendor;
  kind: SourceKind;
  /** Human name, e.g. `BambooHR`. */
  title: string;
  /** Vendor settings of a connection (base URL, subdomain, mapping overrides...). */
  configSchema: z.ZodType<Cfg>;
  /** The credential names this vendor needs, e.g. `["apiKey", "webhookSecret"]`. */
  secrets: readonly string[];
  verifyWebhook(input: {
    rawBody: Buffer;
    headers: Record<string, string | undefined>;
    secret: string;
    now: Date;
  }): VerifyResult;
  /** The records a (verified) webhook body names; an unparseable body is `null`. */
  webhookChanges(rawBody: Buffer, config: Cfg): WebhookChange[] | null;
  /** The history since the connection's start date, then its current state. */
  firstSync(ctx: SyncContext<Cfg>): AsyncIterable<EmitBatch>;
  /** What changed since `checkpoint` (the incremental endpoint); `null`: no checkpoint yet. */
  reconcile(ctx: SyncContext<Cfg>, checkpoint: string | null): AsyncIterable<EmitBatch>;
  /** Fetches and normalises records a webhook named. */
  fetchChanged(ctx: SyncContext<Cfg>, recordIds: readonly string[]): AsyncIterable<EmitBatch>;
  /** The daily snapshot (HRIS: headcount and HR team as of today). */
  snapshot?(ctx: SyncContext<Cfg>): AsyncIterable<EmitBatch>;
  /** Checks the credentials with one cheap call. */
  probe(ctx: SyncContext<Cfg>): Promise<ProbeSummary>;
}
