// The database schema, as code. `pnpm db:generate` turns changes into a committed SQL
// migration under ./migrations; `pnpm migrate` applies them.
//
// Two kinds of table:
// - facts, written by the ingest services exactly once per event (the dedupe ledger,
//   consumer offsets and a mark in `trend_refresh_queue` are committed in the same
//   transaction);
// - trends, re-derived from the facts by the trend refresher for the marked organisations
//   from the earliest point marked, so a late or out-of-order event re-derives every row
//   it changes. The mark is removed in the refresh's own transaction, so a crash on either
//   side leaves the organisation marked, never forgotten.
import { sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  check,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "string" });
const day = (name: string) => date(name, { mode: "string" });

// ---------------------------------------------------------------------------------------
// Ingest bookkeeping

/** Every event applied, by CloudEvents identity: a repeat of (source, id) is a no-op. */
export const ingestedEvents = pgTable(
  "ingested_events",
  {
    source: text("source").notNull(),
    id: text("id").notNull(),
    type: text("type").notNull(),
    topic: text("topic").notNull(),
    partition: integer("partition").notNull(),
    offset: bigint("offset", { mode: "bigint" }).notNull(),
    ingestedAt: instant("ingested_at").notNull().defaultNow(),
    /**
     * A keyed hash of the event's type and data (not its time), so a later event reusing
     * this id with other content is told apart from a repeat and dead-lettered. Null for
     * events applied before fingerprints existed.
     */
    fingerprint: text("fingerprint"),
  },
  (t) => [
    primaryKey({ columns: [t.source, t.id] }),
    // For pruning old entries by age. BRIN, not B-tree: rows arrive in ingested_at order, so
    // a few block ranges describe the table, and every claimed event no longer pays a second
    // B-tree insert (measured: ~20% of a ledger insert).
    index("ingested_events_ingested_at_brin").using("brin", t.ingestedAt),
  ],
);

/**
 * The next Kafka offset to apply, per consumer group and partition. Written in the same
 * transaction as the facts, so it is the truth; Kafka's committed offsets trail it.
 */
export const consumerOffsets = pgTable(
  "consumer_offsets",
  {
    consumerGroup: text("consumer_group").notNull(),
    topic: text("topic").notNull(),
    partition: integer("partition").notNull(),
    nextOffset: bigint("next_offset", { mode: "bigint" }).notNull(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.consumerGroup, t.topic, t.partition] })],
);

// ---------------------------------------------------------------------------------------
// Facts: headcount family

/** The newest organisation profile (by event time). */
export const organisations = pgTable("organisations", {
  organisationId: text("organisation_id").primaryKey(),
  name: text("name").notNull(),
  industry: text("industry"),
  timeZone: text("time_zone").notNull().default("UTC"),
  /** Helpdesk category -> HR function; categories not listed count as `unmapped`. */
  helpdeskCategories: jsonb("helpdesk_categories").$type<Record<string, string>>().notNull().default({}),
  /** Validated overrides of the analysis policy. */
  policyOverrides: jsonb("policy_overrides").$type<Record<string, unknown>>().notNull().default({}),
  profileTime: instant("profile_time").notNull(),
  updatedAt: instant("updated_at").notNull().defaultNow(),
});

/** Headcount snapshots; a newer event for the same date is a correction and replaces it. */
export const headcountSnapshots = pgTable(
  "headcount_snapshots",
  {
    organisationId: text("organisation_id").notNull(),
    asOf: day("as_of").notNull(),
    headcount: integer("headcount").notNull(),
    /** [{ department, headcount }], when the HRIS breaks it down. */
    departments: jsonb("departments").$type<{ department: string; headcount: number }[]>(),
    openRequisitions: integer("open_requisitions"),
    plannedHeadcount: integer("planned_headcount"),
    plannedBy: day("planned_by"),
    eventTime: instant("event_time").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.asOf] })],
);

/**
 * HR-team rosters: the HR staff by role as of a date, declared without hire events. A
 * newer event for the same date is a correction and replaces it. Anchors `hr_team_daily`
 * as headcount snapshots anchor `headcount_daily`; headcount never reads it.
 */
export const hrTeamSnapshots = pgTable(
  "hr_team_snapshots",
  {
    organisationId: text("organisation_id").notNull(),
    asOf: day("as_of").notNull(),
    generalists: integer("generalists").notNull(),
    /** { hrFunction: specialists }; a function not listed has none. */
    specialists: jsonb("specialists").$type<Record<string, number>>().notNull().default({}),
    eventTime: instant("event_time").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.asOf] })],
);

/**
 * One row per hire, termination or change. `employee_key` is an HMAC of the employee id
 * (secret from config): no names, emails or raw ids are stored.
 */
export const employeeChanges = pgTable(
  "employee_changes",
  {
    changeId: bigserial("change_id", { mode: "bigint" }).primaryKey(),
    organisationId: text("organisation_id").notNull(),
    employeeKey: text("employee_key").notNull(),
    kind: text("kind", { enum: ["hired", "terminated", "changed"] }).notNull(),
    effectiveOn: day("effective_on").notNull(),
    department: text("department"),
    previousDepartment: text("previous_department"),
    hrRole: text("hr_role", { enum: ["none", "generalist", "specialist"] }),
    hrFunction: text("hr_function"),
    eventTime: instant("event_time").notNull(),
  },
  (t) => [index("employee_changes_org_employee_idx").on(t.organisationId, t.employeeKey, t.effectiveOn)],
);

// ---------------------------------------------------------------------------------------
// Facts: ticket family

/** One row per helpdesk ticket, merged from its events in whatever order they came. */
export const tickets = pgTable(
  "tickets",
  {
    organisationId: text("organisation_id").notNull(),
    ticketId: text("ticket_id").notNull(),
    category: text("category").notNull(),
    openedAt: instant("opened_at"),
    resolvedAt: instant("resolved_at"),
    escalatedAt: instant("escalated_at"),
    handlingMinutes: doublePrecision("handling_minutes"),
    tier: smallint("tier"),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.ticketId] })],
);

/** Pre-aggregated helpdesk counts; a newer report for the same period replaces the older. */
export const ticketVolumeReports = pgTable(
  "ticket_volume_reports",
  {
    organisationId: text("organisation_id").notNull(),
    category: text("category").notNull(),
    granularity: text("granularity", { enum: ["day", "week"] }).notNull(),
    periodStart: day("period_start").notNull(),
    opened: integer("opened").notNull(),
    resolved: integer("resolved").notNull(),
    escalated: integer("escalated").notNull(),
    handlingMinutes: doublePrecision("handling_minutes"),
    backlogAtPeriodEnd: integer("backlog_at_period_end"),
    eventTime: instant("event_time").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.category, t.granularity, t.periodStart] })],
);

// ---------------------------------------------------------------------------------------
// Trends

/** Which derived tables a refresh covers. */
export const TREND_SCOPES = ["headcount", "function-load"] as const;

/**
 * Organisations whose trends are stale, one row per scope and organisation. The ingest
 * upserts a mark with the chunk's facts; the trend refresher re-derives the organisation
 * from `from_instant` and deletes the mark in the same transaction, unless `version`
 * moved meanwhile (newer facts arrived: the mark stays for the next pass).
 */
export const trendRefreshQueue = pgTable(
  "trend_refresh_queue",
  {
    scope: text("scope", { enum: TREND_SCOPES }).notNull(),
    organisationId: text("organisation_id").notNull(),
    /** Earliest point affected (a headcount date is stored as its UTC midnight); null with `everything`. */
    fromInstant: instant("from_instant"),
    /** Re-derive the whole series (the time zone or category mapping changed). */
    everything: boolean("everything").notNull().default(false),
    version: bigint("version", { mode: "number" }).notNull().default(1),
    /** When the organisation first became stale: the age of the oldest mark is the trends' lag. */
    markedAt: instant("marked_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.scope, t.organisationId] }),
    check("trend_refresh_queue_from_or_everything", sql`${t.everything} or ${t.fromInstant} is not null`),
  ],
);

/**
 * Organisations whose re-derivation failed on their own data, one row per scope and
 * organisation: the refresher sets them aside so that every other organisation stays
 * current. Their mark stays in `trend_refresh_queue`; the candidate query skips it until
 * `retry_at` (backoff doubling per attempt), or at once when the mark's version moves past
 * `failed_version` (new facts, e.g. a corrected profile). A successful re-derive deletes
 * the row in the same transaction as the mark.
 */
export const trendRefreshQuarantine = pgTable(
  "trend_refresh_quarantine",
  {
    scope: text("scope", { enum: TREND_SCOPES }).notNull(),
    organisationId: text("organisation_id").notNull(),
    /** The database's message for the last failure (e.g. `integer out of range`). */
    error: text("error").notNull(),
    firstFailedAt: instant("first_failed_at").notNull().defaultNow(),
    lastFailedAt: instant("last_failed_at").notNull().defaultNow(),
    attempts: integer("attempts").notNull().default(1),
    /** Not retried before this instant unless marked again with newer facts. */
    retryAt: instant("retry_at").notNull(),
    /** The mark version that last failed. */
    failedVersion: bigint("failed_version", { mode: "number" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.organisationId] })],
);

/** Headcount per organisation per day, dense from its first to its last known date. */
export const headcountDaily = pgTable(
  "headcount_daily",
  {
    organisationId: text("organisation_id").notNull(),
    day: day("day").notNull(),
    headcount: integer("headcount").notNull(),
    hires: integer("hires").notNull(),
    terminations: integer("terminations").notNull(),
    /** From the latest snapshot on or before the day. */
    openRequisitions: integer("open_requisitions"),
    plannedHeadcount: integer("planned_headcount"),
    plannedBy: day("planned_by"),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.day] })],
);

/** Headcount per department per day, where the HRIS names departments. */
export const headcountDailyByDepartment = pgTable(
  "headcount_daily_by_department",
  {
    organisationId: text("organisation_id").notNull(),
    day: day("day").notNull(),
    department: text("department").notNull(),
    headcount: integer("headcount").notNull(),
    hires: integer("hires").notNull(),
    terminations: integer("terminations").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.day, t.department] })],
);

/** The HR team's make-up per day: generalists, and specialists per function. */
export const hrTeamDaily = pgTable(
  "hr_team_daily",
  {
    organisationId: text("organisation_id").notNull(),
    day: day("day").notNull(),
    generalists: integer("generalists").notNull(),
    /** { "benefits": 1, "recruiting": 2 } */
    specialists: jsonb("specialists").$type<Record<string, number>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.day] })],
);

/**
 * Helpdesk load per organisation x HR function x week (Monday, organisation's time zone),
 * dense from the function's first week to the organisation's last.
 */
export const functionLoadWeekly = pgTable(
  "function_load_weekly",
  {
    organisationId: text("organisation_id").notNull(),
    hrFunction: text("hr_function").notNull(),
    weekStart: day("week_start").notNull(),
    // bigint: each is a sum of volume reports over every category mapped to the function,
    // and the contract bounds a report (10,000,000), not how many categories an
    // organisation has, so 215 categories could overflow an int4 (a refresh that failed
    // on `integer out of range`). Readers cast to float8 (a JS number, exact below 2^53).
    ticketsOpened: bigint("tickets_opened", { mode: "number" }).notNull(),
    ticketsResolved: bigint("tickets_resolved", { mode: "number" }).notNull(),
    ticketsEscalated: bigint("tickets_escalated", { mode: "number" }).notNull(),
    /** Known hands-on minutes of the tickets resolved this week. */
    handlingMinutes: doublePrecision("handling_minutes").notNull(),
    /** Resolved tickets with no handling time: the analyzer applies a policy default. */
    resolvedWithoutMinutes: bigint("resolved_without_minutes", { mode: "number" }).notNull(),
    backlogAtWeekEnd: bigint("backlog_at_week_end", { mode: "number" }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.organisationId, t.hrFunction, t.weekStart] }),
    check("function_load_weekly_week_is_monday", sql`extract(isodow from ${t.weekStart}) = 1`),
  ],
);

// ---------------------------------------------------------------------------------------
// Alerts (written by the analyzer)

/** One rule behind an alert's recommendation, with its own evidence (the rules' reason). */
export interface AlertReasonRow {
  ruleId: string;
  ruleVersion: number;
  recommendation: string;
  severity: string;
  summary: string;
  evidence: Record<string, unknown>;
  firedRules: { ruleId: string; version: number }[];
}

/** Lifecycle of an alert: open until its condition clears; acknowledged is still open. */
export const ALERT_STATUSES = ["open", "acknowledged", "resolved"] as const;

/**
 * Staffing alerts: at most one open (or acknowledged) alert per organisation x function,
 * the staffing recommendation a person sees, with every rule that backs it in `reasons`.
 * Re-evaluation updates it in place; a cleared condition resolves it.
 */
export const alerts = pgTable(
  "alerts",
  {
    alertId: bigserial("alert_id", { mode: "number" }).primaryKey(),
    organisationId: text("organisation_id").notNull(),
    hrFunction: text("hr_function").notNull(),
    /** The lead reason's rule (the most severe); every reason is in `reasons`. */
    ruleId: text("rule_id").notNull(),
    ruleVersion: integer("rule_version").notNull(),
    status: text("status", { enum: ALERT_STATUSES }).notNull().default("open"),
    recommendation: text("recommendation").notNull(),
    severity: text("severity").notNull(),
    /** Every rule that supported the finding, with its version. */
    firedRules: jsonb("fired_rules").$type<{ ruleId: string; version: number }[]>().notNull(),
    summary: text("summary").notNull(),
    /** The lead reason's evidence. */
    evidence: jsonb("evidence").$type<Record<string, unknown>>().notNull(),
    /** Every rule that backs the recommendation, the lead first: `{ruleId, ruleVersion, recommendation, severity, status, summary, evidence, firedRules}`. */
    reasons: jsonb("reasons").$type<AlertReasonRow[]>().notNull().default(sql`'[]'::jsonb`),
    openedAt: instant("opened_at").notNull(),
    updatedAt: instant("updated_at").notNull(),
    acknowledgedAt: instant("acknowledged_at"),
    acknowledgedBy: text("acknowledged_by"),
    resolvedAt: instant("resolved_at"),
  },
  (t) => [
    uniqueIndex("alerts_one_open_per_function")
      .on(t.organisationId, t.hrFunction)
      .where(sql`${t.status} <> 'resolved'`),
    index("alerts_organisation_idx").on(t.organisationId, t.status),
  ],
);

/** Every change to an alert, in order: raised, escalated, de-escalated, changed, acknowledged, resolved. */
export const alertHistory = pgTable(
  "alert_history",
  {
    historyId: bigserial("history_id", { mode: "number" }).primaryKey(),
    alertId: bigint("alert_id", { mode: "number" }).notNull(),
    change: text("change").notNull(),
    status: text("status").notNull(),
    recommendation: text("recommendation").notNull(),
    severity: text("severity").notNull(),
    summary: text("summary").notNull(),
    evidence: jsonb("evidence").$type<Record<string, unknown>>().notNull(),
    /** The alert's reasons at that moment. */
    reasons: jsonb("reasons").$type<AlertReasonRow[]>().notNull().default(sql`'[]'::jsonb`),
    changedAt: instant("changed_at").notNull(),
    /** The analysis run that made the change; null for a person's acknowledgement. */
    runId: bigint("run_id", { mode: "number" }),
    actor: text("actor"),
  },
  (t) => [index("alert_history_alert_idx").on(t.alertId, t.historyId)],
);

/**
 * A transaction id (`xid8`): the outbox records which transaction wrote each change, so a
 * dispatcher can tell every change committed before a snapshot from those still in flight.
 */
const transactionId = customType<{ data: string; driverData: string }>({ dataType: () => "xid8" });

/**
 * Alert changes waiting to go out (transactional outbox): written in the same transaction
 * as the alert change, once per change whoever analysed it. Which channels receive a change
 * is decided at dispatch time by the dispatching analyzer's configuration (alert_deliveries),
 * so a change recorded by `hr-radar analyze` from a shell reaches the running analyzer's
 * webhooks.
 */
export const alertOutbox = pgTable(
  "alert_outbox",
  {
    outboxId: bigserial("outbox_id", { mode: "number" }).primaryKey(),
    /** Stable across retries and channels: receivers drop a repeat by it. Also the CloudEvent id. */
    idempotencyKey: text("idempotency_key").notNull(),
    alertId: bigint("alert_id", { mode: "number" }).notNull(),
    historyId: bigint("history_id", { mode: "number" }).notNull(),
    /** The change as a CloudEvent; each channel's body is rendered from it when sent. */
    event: jsonb("event").$type<Record<string, unknown>>().notNull(),
    /** The writing transaction: everything below a snapshot's xmin has committed (or aborted). */
    writtenBy: transactionId("written_by").notNull().default(sql`pg_current_xact_id()`),
    createdAt: instant("created_at").notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex("alert_outbox_key").on(t.idempotencyKey),
    index("alert_outbox_written_by_idx").on(t.writtenBy),
    index("alert_outbox_created_at_idx").on(t.createdAt),
  ],
);

/**
 * Every delivery channel a dispatcher has been configured with (`kafka`, `webhook:<name>`),
 * since when, and how far the outbox has been queued for it. A channel gets the changes
 * recorded from shortly before it first appeared (the dispatcher's backfill window), never
 * older history.
 */
export const alertChannels = pgTable("alert_channels", {
  channel: text("channel").primaryKey(),
  firstSeenAt: instant("first_seen_at").notNull().defaultNow(),
  /** Every outbox row written by a transaction below this id is queued for the channel. */
  queuedBelow: transactionId("queued_below"),
});

/**
 * One row per change and channel: queued by a dispatcher configured with the channel, sent
 * with retries, marked once delivered. The key (change, channel) means a retry or a second
 * analyzer never delivers a change to a channel twice (beyond at-least-once resends of the
 * same idempotency key).
 */
export const alertDeliveries = pgTable(
  "alert_deliveries",
  {
    outboxId: bigint("outbox_id", { mode: "number" }).notNull(),
    /** `kafka`, or `webhook:<name>`. */
    channel: text("channel").notNull(),
    /** Denormalised from the outbox: at most one change per alert and channel is in flight. */
    alertId: bigint("alert_id", { mode: "number" }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: instant("next_attempt_at").notNull().defaultNow(),
    lastError: text("last_error"),
    createdAt: instant("created_at").notNull().defaultNow(),
    deliveredAt: instant("delivered_at"),
  },
  (t) => [
    primaryKey({ columns: [t.outboxId, t.channel] }),
    index("alert_deliveries_pending_idx").on(t.nextAttemptAt).where(sql`${t.deliveredAt} is null`),
  ],
);

/** One row per analysis run: when, over what, and what it changed. */
export const analyzerRuns = pgTable("analyzer_runs", {
  runId: bigserial("run_id", { mode: "number" }).primaryKey(),
  evaluatedAt: instant("evaluated_at").notNull(),
  startedAt: instant("started_at").notNull().defaultNow(),
  finishedAt: instant("finished_at"),
  /** Organisations evaluated (those another instance held at the time are skipped). */
  organisations: integer("organisations").notNull().default(0),
  skipped: integer("skipped").notNull().default(0),
  /** Organisations not evaluated because their trends are quarantined (not current); their alerts stay. */
  quarantined: integer("quarantined").notNull().default(0),
  findings: integer("findings").notNull().default(0),
  raised: integer("raised").notNull().default(0),
  resolved: integer("resolved").notNull().default(0),
  completed: boolean("completed").notNull().default(false),
});

// ---------------------------------------------------------------------------------------
// API access

/**
 * Bearer tokens for the HTTP API, each scoped to one organisation. Only a SHA-256 of the
 * token is kept: tokens are 256 random bits, so a fast hash is as safe as a slow one
 * (slow hashes protect guessable passwords) and lets every request be checked by index.
 */
export const apiTokens = pgTable(
  "api_tokens",
  {
    tokenId: bigserial("token_id", { mode: "number" }).primaryKey(),
    organisationId: text("organisation_id").notNull(),
    name: text("name").notNull(),
    tokenHash: text("token_hash").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
    lastUsedAt: instant("last_used_at"),
    revokedAt: instant("revoked_at"),
    /** After this instant the token gets 401; null: it never expires. */
    expiresAt: instant("expires_at"),
  },
  (t) => [uniqueIndex("api_tokens_hash").on(t.tokenHash), index("api_tokens_organisation_idx").on(t.organisationId)],
);

// ---------------------------------------------------------------------------------------
// Connectors (owned by packages/connectors)

/**
 * A configured source: one organisation's HRIS or helpdesk account. Credentials are
 * stored only by reference (an environment variable name or a file path), never in clear.
 */
export const connections = pgTable(
  "connections",
  {
    connectionId: text("connection_id").primaryKey(),
    organisationId: text("organisation_id").notNull(),
    vendor: text("vendor").notNull(),
    kind: text("kind").notNull(),
    /** Vendor settings (base URL, subdomain, mapping overrides...), checked by the adapter's schema. */
    config: jsonb("config").notNull(),
    /** Secret name -> `{ "env": NAME }` or `{ "file": PATH }`. */
    credentials: jsonb("credentials").notNull(),
    /** node-cron expression of the reconciliation. */
    schedule: text("schedule").notNull(),
    /** node-cron expression of the daily headcount snapshot (HRIS only). */
    snapshotSchedule: text("snapshot_schedule"),
    /** First sync sends history from this date on. */
    startDate: day("start_date").notNull(),
    createdAt: instant("created_at").notNull().defaultNow(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [
    index("connections_organisation_idx").on(t.organisationId),
    check("connections_kind", sql`${t.kind} in ('hris', 'helpdesk')`),
  ],
);

/** Where a connection's streams stand; moved only after what came before it was produced. */
export const connectorCheckpoints = pgTable(
  "connector_checkpoints",
  {
    connectionId: text("connection_id")
      .notNull()
      .references(() => connections.connectionId, { onDelete: "cascade" }),
    stream: text("stream").notNull(),
    cursor: text("cursor").notNull(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.stream] })],
);

/**
 * The least a connector must remember of each source record to turn "updated" into a
 * hire, move or termination (department, status, HR role...). Keyed by the same keyed hash
 * as the facts (`employeeKey`), never by the vendor's id; no names, e-mails or salaries.
 */
export const connectorRecordState = pgTable(
  "connector_record_state",
  {
    connectionId: text("connection_id")
      .notNull()
      .references(() => connections.connectionId, { onDelete: "cascade" }),
    recordKey: text("record_key").notNull(),
    state: jsonb("state").notNull(),
    updatedAt: instant("updated_at").notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.connectionId, t.recordKey] })],
);
