import { z } from "zod";

/** A Merge Ticketing connection's settings (API key and account token are credentials, by reference). */
export const mergeTicketingConfigSchema = z.strictObject({
  /** https://api.merge.dev (or api-eu.merge.dev, a proxy, a local stand-in). */
  baseUrl: z.url({ protocol: /^https?$/ }).default("https://api.merge.dev"),
  /** The category: the Ticket's `ticket_type`, or the name of its first collection. */
  category: z.enum(["ticket_type", "collection"]).default("ticket_type"),
  /** Service tier per team name or id; teams not listed are tier 1. */
  tiers: z.record(z.string(), z.number().int().min(0).max(3)).default({}),
  /**
   * The Ticket model has no time spent: where the underlying helpdesk's raw record
   * (`remote_data`) keeps it, if anywhere. Without it, no minutes (the policy default applies).
   */
  remoteTime: z
    .strictObject({ field: z.string().min(1), unit: z.enum(["seconds", "minutes"]).default("seconds") })
    .optional(),
  /** The tier a ticket is taken to have opened at when first seen in a higher one (no history in the model). */
  openingTier: z.number().int().min(0).max(3).default(1),
  pageSize: z.number().int().min(1).max(100).default(100),
});

/** A Merge Ticketing connection's parsed settings. */
export type MergeTicketingConfig = z.output<typeof mergeTicketingConfigSchema>;
