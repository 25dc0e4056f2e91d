import { z } from "zod";

/** Where a Zendesk ticket's helpdesk category comes from. */
export const zendeskCategorySourceSchema = z.discriminatedUnion("source", [
  /** The group the ticket was opened in (an escalation does not change the category). */
  z.object({ source: z.literal("group") }),
  /** The ticket form's name. */
  z.object({ source: z.literal("form") }),
  /** The first of the listed tags the ticket carries (any tag when none are listed). */
  z.object({ source: z.literal("tag"), tags: z.array(z.string().min(1)).default([]) }),
  /** The value of a custom ticket field (a drop-down such as "HR topic"). */
  z.object({ source: z.literal("custom_field"), fieldId: z.number().int().positive() }),
]);

/** A Zendesk connection's settings (the API token is a credential, held by reference). */
export const zendeskConfigSchema = z
  .object({
    /** `acme` for https://acme.zendesk.com. */
    subdomain: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, "the subdomain of <subdomain>.zendesk.com")
      .optional(),
    /** Overrides https://<subdomain>.zendesk.com (a proxy, or a local stand-in). */
    baseUrl: z.url().optional(),
    /** The agent the API token belongs to (Basic auth `{email}/token:{token}`). */
    email: z.string().min(3),
    category: zendeskCategorySourceSchema.default({ source: "group" }),
    /** Service tier per group name or id; groups not listed are tier 1. */
    tiers: z.record(z.string(), z.number().int().min(0).max(3)).default({}),
    /** The Time Tracking app's "Total time spent (sec)" field id; without it, no minutes. */
    timeSpentFieldId: z.number().int().positive().optional(),
    /** Tickets per incremental export page (Zendesk allows up to 1000). */
    pageSize: z.number().int().min(1).max(1000).default(1000),
  })
  .refine((c) => c.subdomain !== undefined || c.baseUrl !== undefined, {
    message: "set subdomain (or baseUrl)",
    path: ["subdomain"],
  });

/** A Zendesk connection's parsed settings. */
export type ZendeskConfig = z.infer<typeof zendeskConfigSchema>;

/** The API's base URL of a connection. */
export function zendeskBaseUrl(config: ZendeskConfig): string {
  return (config.baseUrl ?? `https://${config.subdomain}.zendesk.com`).replace(/\/$/, "");
}
