import { z } from "zod";
import {
  calendarDateSchema,
  countSchema,
  helpdeskCategorySchema,
  instantSchema,
  isMonday,
  organisationIdSchema,
} from "./primitives.ts";

/** CloudEvents `type` of each ticket-family event (topic `hr.tickets.v1`). */
export const TICKET_EVENT_TYPES = {
  ticketOpened: "hrradar.ticket.opened.v1",
  ticketResolved: "hrradar.ticket.resolved.v1",
  ticketEscalated: "hrradar.ticket.escalated.v1",
  ticketVolume: "hrradar.ticket.volume.v1",
} as const;

/**
 * More than a working week on one ticket is a unit error (seconds sent as minutes),
 * not a hard case; such values are rejected rather than inflating the load.
 */
export const MAX_HANDLING_MINUTES_PER_TICKET = 2_400;

/** Tiers of HR service delivery: 0 self-service, 1 generalists, 2 specialists, 3 policy owners. */
export const serviceTierSchema = z.number().int().min(0).max(3);

const ticketRef = {
  organisationId: organisationIdSchema,
  ticketId: z.string().min(1).max(128),
  /** Every ticket event names its category, so events can land in any order. */
  category: helpdeskCategorySchema,
};

/** A ticket was raised with the HR helpdesk. */
export const ticketOpenedSchema = z.object({
  ...ticketRef,
  openedAt: instantSchema,
  tier: serviceTierSchema.default(1),
});
export type TicketOpened = z.infer<typeof ticketOpenedSchema>;

/** A ticket was resolved; `handlingMinutes` is the hands-on time, when the helpdesk tracks it. */
export const ticketResolvedSchema = z.object({
  ...ticketRef,
  resolvedAt: instantSchema,
  handlingMinutes: z.number().min(0).max(MAX_HANDLING_MINUTES_PER_TICKET).optional(),
});
export type TicketResolved = z.infer<typeof ticketResolvedSchema>;

/** A ticket moved up a tier: the generalist needed specialist depth. */
export const ticketEscalatedSchema = z
  .object({
    ...ticketRef,
    escalatedAt: instantSchema,
    fromTier: serviceTierSchema.default(1),
    toTier: serviceTierSchema.default(2),
  })
  .refine((e) => e.toTier > e.fromTier, { path: ["toTier"], message: "an escalation goes to a higher tier" });
export type TicketEscalated = z.infer<typeof ticketEscalatedSchema>;

/**
 * Counts for one helpdesk category over one day or one week, for helpdesks that export
 * counts only. A newer report for the same organisation, category and period replaces
 * the older one (a correction), whatever order they arrive in.
 */
export const ticketVolumeSchema = z
  .object({
    organisationId: organisationIdSchema,
    category: helpdeskCategorySchema,
    granularity: z.enum(["day", "week"]),
    /** The day, or the Monday that starts the week, in the organisation's time zone. */
    periodStart: calendarDateSchema,
    opened: countSchema,
    resolved: countSchema,
    escalated: countSchema.default(0),
    /** Hands-on minutes for the resolved tickets; absent when the helpdesk does not track it. */
    handlingMinutes: z.number().min(0).optional(),
    backlogAtPeriodEnd: countSchema.optional(),
  })
  .superRefine((v, ctx) => {
    if (v.granularity === "week" && !isMonday(v.periodStart)) {
      ctx.addIssue({ code: "custom", path: ["periodStart"], message: "a weekly period starts on a Monday" });
    }
    if (v.handlingMinutes !== undefined && v.handlingMinutes > v.resolved * MAX_HANDLING_MINUTES_PER_TICKET) {
      ctx.addIssue({
        code: "custom",
        path: ["handlingMinutes"],
        message: `more than ${MAX_HANDLING_MINUTES_PER_TICKET} minutes per resolved ticket`,
      });
    }
  });
export type TicketVolume = z.infer<typeof ticketVolumeSchema>;
