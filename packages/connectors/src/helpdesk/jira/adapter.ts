import type { SourceAdapter, SyncContext } from "../../core/source.ts";
import { emitBatch } from "../emit.ts";
import { JiraClient, type JiraPage } from "./client.ts";
import { type JiraConfig, jiraConfigSchema } from "./config.ts";
import { normaliseJiraIssue } from "./normalise.ts";
import { jiraWebhookChanges, verifyJiraWebhook } from "./webhook.ts";

/** JQL compares minutes, and Jira's clock is not ours: reconciliation re-reads this much before its cursor. */
const OVERLAP_MS = 2 * 60_000;

const client = (ctx: SyncContext<JiraConfig>) => new JiraClient(ctx.config, ctx.secret("apiKey"), ctx.http);

function* batchesOf(ctx: SyncContext<JiraConfig>, page: JiraPage, withCheckpoint: boolean) {
  const results = page.records.map((r) => normaliseJiraIssue(ctx.connection.organisationId, r, ctx.config));
  yield emitBatch(ctx, {
    changes: results.flatMap((r) => r.changes),
    issues: results.flatMap((r) => r.issues),
    ...(withCheckpoint && page.lastUpdated !== undefined
      ? { checkpoint: new Date(Date.parse(page.lastUpdated)).toISOString() }
      : {}),
  });
}

async function* since(ctx: SyncContext<JiraConfig>, from: Date) {
  for await (const page of client(ctx).updatedSince(from)) yield* batchesOf(ctx, page, true);
}

/**
 * Jira Service Management: first sync and reconciliation by JQL on `updated` (the last
 * issue's update is the checkpoint), each issue with its changelog (Team moves are tier
 * moves) and worklogs; webhooks signed in X-Hub-Signature name the issue to fetch.
 */
export const jiraAdapter: SourceAdapter<JiraConfig> = {
  vendor: "jira-service-management",
  kind: "helpdesk",
  title: "Jira Service Management",
  configSchema: jiraConfigSchema,
  secrets: ["apiKey", "webhookSecret"],
  verifyWebhook: verifyJiraWebhook,
  webhookChanges: (rawBody) => jiraWebhookChanges(rawBody),
  firstSync: (ctx) => since(ctx, new Date(`${ctx.connection.startDate}T00:00:00Z`)),
  reconcile: (ctx, checkpoint) =>
    since(
      ctx,
      checkpoint === null
        ? new Date(`${ctx.connection.startDate}T00:00:00Z`)
        : new Date(Date.parse(checkpoint) - OVERLAP_MS),
    ),
  async *fetchChanged(ctx, recordIds) {
    const keys = recordIds.filter((k) => /^[A-Z][A-Z0-9_]*-\d+$/.test(k));
    if (keys.length === 0) return;
    for await (const page of client(ctx).byKeys(keys)) yield* batchesOf(ctx, page, false);
  },
  async probe(ctx) {
    await client(ctx).probe();
    return { account: `Jira Service Management ${ctx.config.baseUrl}, project ${ctx.config.project}` };
  },
};
