import type { z } from "zod";
import {
  employeeChangedSchema,
  employeeHiredSchema,
  employeeTerminatedSchema,
  HEADCOUNT_EVENT_TYPES,
  headcountSnapshotSchema,
  hrTeamSnapshotSchema,
  organisationProfileSchema,
} from "./headcount.ts";
import {
  TICKET_EVENT_TYPES,
  ticketEscalatedSchema,
  ticketOpenedSchema,
  ticketResolvedSchema,
  ticketVolumeSchema,
} from "./tickets.ts";

/**
 * How far ahead of the consumer's clock a date may lie before it is an impossible value.
 * Clocks drift and helpdesks batch, so instants get a day; first days of work are
 * announced months ahead, so hire dates get a year; nothing else is future-dated.
 */
export const FUTURE_HORIZON_DAYS = { instant: 1, date: 1, hireDate: 366 } as const;

/** The earliest date any event may carry; earlier is a corrupt or defaulted value. */
export const EARLIEST_PLAUSIBLE_DATE = "1990-01-01";

/** A date field checked against the clock: its path in `data` and its horizon. */
export interface DatedField {
  readonly path: string;
  readonly horizon: keyof typeof FUTURE_HORIZON_DAYS;
}

/** One event type: its family (which topic carries it), data schema and dated fields. */
export interface EventSpec<S extends z.ZodType = z.ZodType> {
  readonly family: EventFamily;
  readonly data: S;
  readonly datedFields: readonly DatedField[];
}

/** The two event families, one topic each. */
export type EventFamily = "headcount" | "tickets";

const H = HEADCOUNT_EVENT_TYPES;
const T = TICKET_EVENT_TYPES;

/** Every event type hr-radar ingests, keyed by CloudEvents `type`. */
export const EVENT_CATALOGUE = {
  [H.organisationProfile]: { family: "headcount", data: organisationProfileSchema, datedFields: [] },
  [H.headcountSnapshot]: {
    family: "headcount",
    data: headcountSnapshotSchema,
    datedFields: [{ path: "asOf", horizon: "date" }],
  },
  [H.employeeHired]: {
    family: "headcount",
    data: employeeHiredSchema,
    datedFields: [{ path: "hiredOn", horizon: "hireDate" }],
  },
  [H.employeeTerminated]: {
    family: "headcount",
    data: employeeTerminatedSchema,
    datedFields: [{ path: "terminatedOn", horizon: "hireDate" }],
  },
  [H.employeeChanged]: {
    family: "headcount",
    data: employeeChangedSchema,
    datedFields: [{ path: "effectiveOn", horizon: "hireDate" }],
  },
  [H.hrTeamSnapshot]: {
    family: "headcount",
    data: hrTeamSnapshotSchema,
    datedFields: [{ path: "asOf", horizon: "date" }],
  },
  [T.ticketOpened]: {
    family: "tickets",
    data: ticketOpenedSchema,
    datedFields: [{ path: "openedAt", horizon: "instant" }],
  },
  [T.ticketResolved]: {
    family: "tickets",
    data: ticketResolvedSchema,
    datedFields: [{ path: "resolvedAt", horizon: "instant" }],
  },
  [T.ticketEscalated]: {
    family: "tickets",
    data: ticketEscalatedSchema,
    datedFields: [{ path: "escalatedAt", horizon: "instant" }],
  },
  [T.ticketVolume]: {
    family: "tickets",
    data: ticketVolumeSchema,
    datedFields: [{ path: "periodStart", horizon: "date" }],
  },
} as const satisfies Record<string, EventSpec>;

type Catalogue = typeof EVENT_CATALOGUE;

/** A CloudEvents `type` that hr-radar ingests. */
export type EventType = keyof Catalogue;

/** The `data` of an event type, after validation and defaults. */
export type EventData<K extends EventType> = z.output<Catalogue[K]["data"]>;

/** The event types of one family. */
export function eventTypesOf(family: EventFamily): EventType[] {
  return (Object.keys(EVENT_CATALOGUE) as EventType[]).filter((t) => EVENT_CATALOGUE[t].family === family);
}

/** True when `type` is an event type hr-radar knows. */
export function isEventType(type: string): type is EventType {
  return Object.hasOwn(EVENT_CATALOGUE, type);
}
