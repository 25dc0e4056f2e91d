// Builders for contract events, so tests read as what happens ("a ticket was opened")
// rather than as JSON. Each event gets a fresh CloudEvents id unless one is given.
import { randomUUID } from "node:crypto";
import { type CloudEvent, HEADCOUNT_EVENT_TYPES as H, TICKET_EVENT_TYPES as T } from "@hr-radar/events";

type Data = Record<string, unknown> & { organisationId: string };

/** A CloudEvent of `type` with `data`; `time` defaults to now. */
export function cloudEvent(type: string, data: Data, attributes: Partial<CloudEvent> = {}): CloudEvent<Data> {
  const source = type.includes(".ticket.") ? "urn:hr-radar-test:helpdesk" : "urn:hr-radar-test:hris";
  return { specversion: "1.0", id: randomUUID(), source, type, time: new Date().toISOString(), ...attributes, data };
}

export const profile = (organisationId: string, data: Partial<Data> = {}, attrs: Partial<CloudEvent> = {}) =>
  cloudEvent(
    H.organisationProfile,
    { organisationId, name: `Org ${organisationId}`, industry: "technology", timeZone: "UTC", ...data },
    attrs,
  );

export const snapshot = (
  organisationId: string,
  asOf: string,
  headcount: number,
  data: Partial<Data> = {},
  attrs: Partial<CloudEvent> = {},
) => cloudEvent(H.headcountSnapshot, { organisationId, asOf, headcount, ...data }, attrs);

export const hired = (organisationId: string, employeeId: string, hiredOn: string, data: Partial<Data> = {}) =>
  cloudEvent(H.employeeHired, { organisationId, employeeId, hiredOn, ...data });

export const terminated = (
  organisationId: string,
  employeeId: string,
  terminatedOn: string,
  data: Partial<Data> = {},
) => cloudEvent(H.employeeTerminated, { organisationId, employeeId, terminatedOn, ...data });

export const changed = (organisationId: string, employeeId: string, effectiveOn: string, data: Partial<Data> = {}) =>
  cloudEvent(H.employeeChanged, { organisationId, employeeId, effectiveOn, ...data });

export const ticketOpened = (
  organisationId: string,
  ticketId: string,
  category: string,
  openedAt: string,
  data: Partial<Data> = {},
) => cloudEvent(T.ticketOpened, { organisationId, ticketId, category, openedAt, ...data });

export const ticketResolved = (
  organisationId: string,
  ticketId: string,
  category: string,
  resolvedAt: string,
  handlingMinutes?: number,
) =>
  cloudEvent(T.ticketResolved, {
    organisationId,
    ticketId,
    category,
    resolvedAt,
    ...(handlingMinutes === undefined ? {} : { handlingMinutes }),
  });

export const ticketEscalated = (organisationId: string, ticketId: string, category: string, escalatedAt: string) =>
  cloudEvent(T.ticketEscalated, { organisationId, ticketId, category, escalatedAt, fromTier: 1, toTier: 2 });

export const ticketVolume = (
  organisationId: string,
  category: string,
  periodStart: string,
  counts: Partial<Data> = {},
  attrs: Partial<CloudEvent> = {},
) =>
  cloudEvent(
    T.ticketVolume,
    { organisationId, category, granularity: "week", periodStart, opened: 0, resolved: 0, ...counts },
    attrs,
  );

/** A random organisation id, so tests never share rows even in one database. */
export const newOrganisationId = (): string => `org-${randomUUID().slice(0, 8)}`;
