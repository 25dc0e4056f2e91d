// The sync steps the state-based HRIS adapters (Personio, Merge) share: pages of fetched
// people -> batches of events and states, the first sync's snapshots, the profile, and the
// settings every HRIS connection has. Each batch is produced before its states are stored
// (the core's engine does that), so a crash mid-sync redoes at most one page.

import { HEADCOUNT_EVENT_TYPES, timeZoneSchema } from "@hr-radar/events";
import { z } from "zod";
import { contentChange } from "../core/event-ids.ts";
import { hrisMappingSchema } from "../core/mapping.ts";
import type { Checkpoint, EmitBatch, OutgoingEvent, SyncContext } from "../core/source.ts";
import type { HrisEmployee } from "./employee.ts";
import { baseHeadcount, type EmployeeEventContext, employeeEvents, workforceSnapshot } from "./employee-events.ts";

/** Settings every state-based HRIS connection has besides its vendor's own. */
export const hrisConnectionSettings = {
  /** The zone "today" is read in (snapshot dates). */
  timeZone: timeZoneSchema.default("UTC"),
  mapping: hrisMappingSchema,
  /** Sent as the organisation's profile on first sync, when given. */
  profile: z
    .strictObject({
      name: z.string().min(1),
      industry: z.string().min(1).optional(),
      timeZone: timeZoneSchema.optional(),
    })
    .optional(),
};

/** The settings `hrisConnectionSettings` parse to. */
export interface HrisConnectionSettings {
  timeZone: string;
  mapping: z.output<typeof hrisMappingSchema>;
  profile?: { name: string; industry?: string | undefined; timeZone?: string | undefined } | undefined;
}

/** The event context of a run. */
export function eventContext(ctx: SyncContext<HrisConnectionSettings>): EmployeeEventContext {
  return {
    organisationId: ctx.connection.organisationId,
    source: ctx.source,
    startDate: ctx.connection.startDate,
    today: ctx.today,
    now: ctx.now,
    mapping: ctx.config.mapping,
    eventId: ctx.eventId,
  };
}

/** The configured organisation profile as an event (none when not configured). */
export function profileEvents(ctx: SyncContext<HrisConnectionSettings>): OutgoingEvent[] {
  const profile = ctx.config.profile;
  if (!profile) return [];
  const data = {
    organisationId: ctx.connection.organisationId,
    name: profile.name,
    ...(profile.industry ? { industry: profile.industry } : {}),
    timeZone: profile.timeZone ?? ctx.config.timeZone,
  };
  const type = HEADCOUNT_EVENT_TYPES.organisationProfile;
  return [
    {
      specversion: "1.0",
      id: ctx.eventId("profile", contentChange(type, data)),
      source: ctx.source,
      type,
      time: ctx.now.toISOString(),
      data,
    },
  ];
}

/**
 * One batch per page: each person compared with their stored state. `seen` collects every
 * person (for snapshots) when given.
 */
export async function* employeeBatches(
  ctx: SyncContext<HrisConnectionSettings>,
  pages: AsyncIterable<HrisEmployee[]>,
  seen?: HrisEmployee[],
): AsyncIterable<EmitBatch> {
  const events = eventContext(ctx);
  for await (const page of pages) {
    seen?.push(...page);
    const previous = await ctx.states(page.map((p) => p.recordId));
    const batch: Required<Omit<EmitBatch, "checkpoint">> = { events: [], records: [], unmapped: [] };
    for (const person of page) {
      const outcome = employeeEvents(person, previous.get(person.recordId), events);
      batch.events.push(...outcome.events);
      batch.records.push(outcome.record);
      batch.unmapped.push(...outcome.unmapped);
    }
    yield batch;
  }
}

/** The first sync: profile, every person's history, then the base and today's snapshots. */
export async function* firstSyncBatches(
  ctx: SyncContext<HrisConnectionSettings>,
  pages: AsyncIterable<HrisEmployee[]>,
): AsyncIterable<EmitBatch> {
  yield { events: profileEvents(ctx) };
  const everyone: HrisEmployee[] = [];
  yield* employeeBatches(ctx, pages, everyone);
  yield snapshotBatch(ctx, everyone, true);
}

/** Today's snapshots (and, on a first sync, the base headcount the day before the start). */
export function snapshotBatch(
  ctx: SyncContext<HrisConnectionSettings>,
  everyone: readonly HrisEmployee[],
  withBase: boolean,
): EmitBatch {
  const events = eventContext(ctx);
  const today = workforceSnapshot(everyone, events);
  return {
    events: [...(withBase ? [baseHeadcount(everyone, events)] : []), ...today.events],
    unmapped: today.unmapped,
  };
}

/** Reads every page, for snapshots (no events per person). */
export async function collect(pages: AsyncIterable<HrisEmployee[]>): Promise<HrisEmployee[]> {
  const all: HrisEmployee[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}

/** The reconciliation cursor to store: the run's start, less a margin for the vendor's clock. */
export function reconcileCheckpoint(ctx: SyncContext<unknown>, marginMs = 5 * 60_000): Checkpoint {
  return { stream: "reconcile", cursor: new Date(ctx.now.getTime() - marginMs).toISOString() };
}

/**
 * The records a webhook named, fetched one by one into one page. One the vendor answers
 * 404 for is passed on as deleted (the state comparison reports it); a `null` fetch (a
 * record the adapter does not count, e.g. without an employment) is left out.
 */
export async function* namedEmployees(
  ids: readonly string[],
  fetchEmployee: (id: string) => Promise<HrisEmployee | null>,
): AsyncIterable<HrisEmployee[]> {
  const employees: HrisEmployee[] = [];
  for (const id of ids) {
    try {
      const employee = await fetchEmployee(id);
      if (employee !== null) employees.push(employee);
    } catch (error) {
      if ((error as { status?: unknown })?.status !== 404) throw error;
      employees.push({
        recordId: id,
        hiredOn: null,
        terminatedOn: null,
        department: null,
        jobTitle: null,
        status: null,
        vendorActive: false,
        updatedAt: null,
        deleted: true,
      });
    }
  }
  yield employees;
}
