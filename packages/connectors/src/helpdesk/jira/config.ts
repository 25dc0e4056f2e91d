import { z } from "zod";

/** A Jira Service Management connection's settings (the API token is a credential, by reference). */
export const jiraConfigSchema = z.strictObject({
  /** https://<site>.atlassian.net, or a proxy / local stand-in. */
  baseUrl: z.url({ protocol: /^https?$/ }),
  /** The Atlassian account the API token belongs to (Basic auth `email:token`). */
  email: z.string().min(3),
  /** The service project's key, e.g. `HR`. */
  project: z.string().regex(/^[A-Z][A-Z0-9_]*$/, "a project key such as HR"),
  /** Where the category comes from: the request type (Customer Request Type field) or the first component. */
  category: z
    .discriminatedUnion("source", [
      z.strictObject({ source: z.literal("request_type"), fieldId: z.string().default("customfield_10010") }),
      z.strictObject({ source: z.literal("component") }),
    ])
    .default({ source: "request_type", fieldId: "customfield_10010" }),
  /** The field whose changes are tier moves (Atlassian Team by default), by id and changelog name. */
  teamField: z
    .strictObject({ fieldId: z.string(), name: z.string() })
    .default({ fieldId: "customfield_10001", name: "Team" }),
  /** Service tier per team name or id; teams not listed are tier 1. */
  tiers: z.record(z.string(), z.number().int().min(0).max(3)).default({}),
  /** Issues per search page (Jira allows up to 100 with the changelog expanded). */
  pageSize: z.number().int().min(1).max(100).default(50),
});

/** A Jira connection's parsed settings. */
export type JiraConfig = z.output<typeof jiraConfigSchema>;
