import {
  escalatedChange,
  instant,
  type NormalisedTicket,
  openedChange,
  resolvedChange,
  type TicketIdentity,
  type TicketIssue,
  tierOf,
} from "../ticket-changes.ts";
import type { JiraConfig } from "./config.ts";

// Jira Service Management issues -> ticket events, pure. Shapes:
// https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/ (issue, changelog),
// https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-worklogs/ (timeSpentSeconds).

/** A changelog entry: when, and which fields changed from what to what. */
export interface JiraHistory {
  created: string;
  items: {
    field?: string;
    fieldId?: string;
    from?: string | null;
    fromString?: string | null;
    to?: string | null;
    toString?: string | null;
  }[];
}

/** The fields of an issue the connector reads. */
export interface JiraIssue {
  id: string;
  key: string;
  fields: Record<string, unknown> & {
    created?: string;
    updated?: string;
    resolutiondate?: string | null;
    components?: { name?: string }[];
  };
  changelog?: { total?: number; histories?: JiraHistory[] };
}

/** One issue with its full changelog and worklogs. */
export interface JiraIssueRecord {
  issue: JiraIssue;
  histories: JiraHistory[];
  worklogs: { timeSpentSeconds?: number }[];
}

/** Category used when the configured source has no value: counted as `unmapped`, never dropped. */
export const UNCATEGORISED = "uncategorised";

/** Opened; escalated on each Team move to a higher tier; resolved while it has a resolution date. */
export function normaliseJiraIssue(
  organisationId: string,
  record: JiraIssueRecord,
  config: JiraConfig,
): NormalisedTicket {
  const { issue } = record;
  const ticketId = issue.key;
  const issues: TicketIssue[] = [];
  const openedAt = instant(issue.fields.created);
  if (openedAt === undefined)
    return {
      changes: [],
      issues: [{ ticketId, code: "bad_timestamp", message: `created ${issue.fields.created} is not a time` }],
    };
  const category = categoryOf(issue, config);
  if (category === undefined)
    issues.push({
      ticketId,
      code: "missing_category",
      message: `no ${config.category.source} to categorise by; counted as ${UNCATEGORISED}`,
    });
  const id: TicketIdentity = { organisationId, ticketId, category: category ?? UNCATEGORISED };
  const moves = [...record.histories]
    .sort((a, b) => Date.parse(a.created) - Date.parse(b.created))
    .flatMap((h) =>
      h.items
        .filter((i) => i.fieldId === config.teamField.fieldId || i.field === config.teamField.name)
        .map((i) => ({ at: h.created, from: team(i.from, i.fromString), to: team(i.to, i.toString) })),
    );
  const current = issue.fields[config.teamField.fieldId] as { id?: string; name?: string } | null | undefined;
  const opening = moves[0]?.from ?? (current ? team(current.id, current.name) : undefined);
  let tier = tierOf(opening, config.tiers);
  const changes = [openedChange(id, openedAt, tier)];
  for (const move of moves) {
    const toTier = tierOf(move.to, config.tiers);
    const at = instant(move.at);
    if (at !== undefined && toTier > tier) changes.push(...escalatedChange(id, at, tier, toTier));
    tier = Math.max(tier, toTier);
  }
  const resolvedAt = instant(issue.fields.resolutiondate ?? undefined);
  if (resolvedAt !== undefined) {
    const seconds = record.worklogs.reduce(
      (sum, w) => sum + (typeof w.timeSpentSeconds === "number" ? w.timeSpentSeconds : 0),
      0,
    );
    const resolved = resolvedChange(
      id,
      resolvedAt,
      record.worklogs.length === 0 ? undefined : Math.round((seconds / 60) * 100) / 100,
    );
    changes.push(...resolved.changes);
    issues.push(...resolved.issues);
  }
  return { changes, issues };
}

function team(
  id: string | null | undefined,
  name: string | null | undefined,
): { id?: string; name?: string } | undefined {
  if ((id === null || id === undefined) && (name === null || name === undefined)) return undefined;
  return { ...(id == null ? {} : { id }), ...(name == null ? {} : { name }) };
}

function categoryOf(issue: JiraIssue, config: JiraConfig): string | undefined {
  if (config.category.source === "component") return issue.fields.components?.[0]?.name?.trim() || undefined;
  const field = issue.fields[config.category.fieldId] as { requestType?: { name?: string } } | null | undefined;
  return field?.requestType?.name?.trim() || undefined;
}
