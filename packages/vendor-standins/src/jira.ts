import { createHmac } from "node:crypto";
import {
  basicCredentials,
  type StandinRequest,
  type StandinResponse,
  type StandinServer,
  startStandinServer,
} from "./helpdesk-http.ts";
import { deliverWebhook } from "./standin-http.ts";
import type { HistoryTicket, TicketHistory } from "./ticket-history.ts";

// A local Jira Service Management (Jira Cloud REST API v3), rendering a TicketHistory as
// issues of one service project. What it serves, and the page each part follows:
// - Basic auth with an API token https://developer.atlassian.com/cloud/jira/platform/basic-auth-for-rest-apis/
// - enhanced JQL search, POST /rest/api/3/search/jql with `nextPageToken` / `isLast`, `expand=changelog`
//   https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/#api-rest-api-3-search-jql-post
//   (JQL: `project = X AND updated >= "yyyy/MM/dd HH:mm" ORDER BY updated ASC` and `issuekey in (...)`)
// - issue worklogs, paged https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-worklogs/#api-rest-api-3-issue-issueidorkey-worklog-get
// - the changelog (status and Team transitions) https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-changelog-get
// - request type field (Customer Request Type) https://developer.atlassian.com/cloud/jira/service-desk/rest/api-group-request/
// - 429 with Retry-After https://developer.atlassian.com/cloud/jira/platform/rate-limiting/
// - webhooks `jira:issue_created` / `jira:issue_updated`, signed `X-Hub-Signature: sha256=<hex>`
//   when a secret is set https://developer.atlassian.com/cloud/jira/platform/webhooks/

/** The Team field's id in the stand-in (Atlassian teams). */
export const JIRA_TEAM_FIELD_ID = "customfield_10001";
/** The Customer Request Type field's id in the stand-in. */
export const JIRA_REQUEST_TYPE_FIELD_ID = "customfield_10010";
/** Worklogs embedded in an issue before the client must page them (Jira embeds up to 20). */
const INLINE_WORKLOGS = 2;

/** Settings of a Jira stand-in. */
export interface JiraStandinOptions {
  history: TicketHistory;
  project: string;
  email: string;
  apiToken: string;
  webhookSecret: string;
  port?: number;
}

/** A running Jira stand-in. */
export interface JiraStandin extends StandinServer {
  history: TicketHistory;
  /** The issue key of a history ticket. */
  key(ticketId: number): string;
  /** Signs and POSTs an issue webhook; returns the receiver's status. */
  sendWebhook(
    target: string,
    event: "jira:issue_created" | "jira:issue_updated",
    ticketId: number,
    options?: { secret?: string },
  ): Promise<number>;
}

const jiraTime = (at: Date) => at.toISOString().replace("Z", "+0000");

/** Starts a Jira stand-in on 127.0.0.1. */
export async function startJiraStandin(options: JiraStandinOptions): Promise<JiraStandin> {
  const { history, project } = options;
  const key = (id: number) => `${project}-${id}`;
  const byKey = (text: string): HistoryTicket | undefined => {
    const match = new RegExp(`^${project}-(\\d+)$`).exec(text.trim());
    const id = match === null ? Number.NaN : Number(match[1]);
    return history.tickets.get(id) ?? [...history.tickets.values()].find((t) => String(t.id + 10_000) === text.trim());
  };
  const render = (t: HistoryTicket, expand: boolean) => renderIssue(history, t, key(t.id), expand);

  const route = (request: StandinRequest): StandinResponse => {
    const credentials = basicCredentials(request);
    if (credentials?.user !== options.email || credentials.password !== options.apiToken) {
      return { status: 401, json: { errorMessages: ["You are not authorized to perform this action."], errors: {} } };
    }
    if (request.method === "POST" && request.path === "/rest/api/3/search/jql") {
      const body = JSON.parse(request.body.toString("utf8") || "{}") as {
        jql?: string;
        nextPageToken?: string;
        maxResults?: number;
        expand?: string;
      };
      const selected = selectIssues(history, project, body.jql ?? "", byKey);
      if ("error" in selected) return { status: 400, json: { errorMessages: [selected.error], errors: {} } };
      const start =
        body.nextPageToken === undefined ? 0 : Number(Buffer.from(body.nextPageToken, "base64").toString("utf8"));
      const size = Math.min(100, body.maxResults ?? 50);
      const page = selected.slice(start, start + size);
      const isLast = start + size >= selected.length;
      return {
        status: 200,
        json: {
          issues: page.map((t) => render(t, (body.expand ?? "").includes("changelog"))),
          isLast,
          // the last page carries no nextPageToken (https://jira.atlassian.com/browse/JRACLOUD-92184)
          ...(isLast ? {} : { nextPageToken: Buffer.from(String(start + size)).toString("base64") }),
        },
      };
    }
    const worklog = /^\/rest\/api\/3\/issue\/([^/]+)\/worklog$/.exec(request.path);
    if (request.method === "GET" && worklog !== null) {
      const t = byKey(decodeURIComponent(worklog[1] ?? ""));
      if (t === undefined)
        return {
          status: 404,
          json: { errorMessages: ["Issue does not exist or you do not have permission to see it."], errors: {} },
        };
      const all = worklogs(history, t);
      const startAt = Number(request.query.get("startAt") ?? 0);
      const maxResults = Math.min(5000, Number(request.query.get("maxResults") ?? 5000));
      return {
        status: 200,
        json: { startAt, maxResults, total: all.length, worklogs: all.slice(startAt, startAt + maxResults) },
      };
    }
    const changelog = /^\/rest\/api\/3\/issue\/([^/]+)\/changelog$/.exec(request.path);
    if (request.method === "GET" && changelog !== null) {
      const t = byKey(decodeURIComponent(changelog[1] ?? ""));
      if (t === undefined)
        return {
          status: 404,
          json: { errorMessages: ["Issue does not exist or you do not have permission to see it."], errors: {} },
        };
      const all = histories(history, t);
      const startAt = Number(request.query.get("startAt") ?? 0);
      const maxResults = Math.min(100, Number(request.query.get("maxResults") ?? 100));
      const values = all.slice(startAt, startAt + maxResults);
      return {
        status: 200,
        json: { startAt, maxResults, total: all.length, isLast: startAt + maxResults >= all.length, values },
      };
    }
    return { status: 404, json: { errorMessages: ["Not found"], errors: {} } };
  };

  // https://developer.atlassian.com/cloud/jira/platform/rate-limiting/ documents the status
  // and Retry-After; the body is Jira's usual error collection.
  const server = await startStandinServer(
    route,
    (retryAfterSeconds) => ({ retryAfterSeconds, body: { errorMessages: ["Rate limit exceeded."], errors: {} } }),
    options.port,
  );
  return {
    ...server,
    history,
    key,
    async sendWebhook(target, event, ticketId, sendOptions = {}) {
      const t = history.ticket(ticketId);
      const issue = render(t, false);
      const last = histories(history, t).at(-1);
      const body = JSON.stringify({
        timestamp: Date.now(),
        webhookEvent: event,
        issue_event_type_name:
          event === "jira:issue_created" ? "issue_created" : history.isSolved(t) ? "issue_resolved" : "issue_generic",
        user: { accountId: "5b10ac8d82e05b22cc7d4ef5", displayName: "HR agent" },
        issue,
        ...(event === "jira:issue_updated" && last !== undefined
          ? { changelog: { id: last.id, items: last.items } }
          : {}),
      });
      const signature = createHmac("sha256", sendOptions.secret ?? options.webhookSecret)
        .update(body)
        .digest("hex");
      return deliverWebhook(target, body, {
        "x-hub-signature": `sha256=${signature}`,
        "x-atlassian-webhook-identifier": `${ticketId}-${t.updatedAt.getTime()}`,
        "x-atlassian-webhook-flow": "Primary",
      });
    },
  };
}

function selectIssues(
  history: TicketHistory,
  project: string,
  jql: string,
  byKey: (key: string) => HistoryTicket | undefined,
): HistoryTicket[] | { error: string } {
  const keys = /^\s*(?:issuekey|key)\s+in\s*\(([^)]*)\)\s*$/i.exec(jql);
  if (keys !== null) {
    return (keys[1] ?? "").split(",").flatMap((k) => {
      const t = byKey(k.replace(/"/g, ""));
      return t === undefined ? [] : [t];
    });
  }
  const updated =
    /^\s*project\s*=\s*"?([A-Z0-9]+)"?\s+AND\s+updated\s*>=\s*"(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2})"\s+ORDER\s+BY\s+updated\s+ASC\s*$/i.exec(
      jql,
    );
  if (updated === null) return { error: `The stand-in does not understand the JQL: ${jql}` };
  if (updated[1] !== project) return [];
  const [, , y, mo, d, h, mi] = updated;
  const from = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi));
  return [...history.tickets.values()]
    .filter((t) => t.updatedAt.getTime() >= from)
    .sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime() || a.id - b.id);
}

function team(history: TicketHistory, groupId: number) {
  const group = history.groups.find((g) => g.id === groupId);
  return { id: `team-${groupId}`, name: group?.name ?? String(groupId), title: group?.name ?? String(groupId) };
}

// https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-worklogs/ (Worklog: timeSpentSeconds, started)
function worklogs(history: TicketHistory, t: HistoryTicket) {
  const total = history.trackedSoFar(t);
  if (total === undefined) return [];
  const entries: { id: string; issueId: string; timeSpentSeconds: number; timeSpent: string; started: string }[] = [];
  let left = total;
  for (let i = 0; left > 0; i++) {
    const seconds = Math.min(1800, left);
    left -= seconds;
    entries.push({
      id: `${t.id}${i}`,
      issueId: String(t.id + 10_000),
      timeSpentSeconds: seconds,
      timeSpent: `${seconds / 60}m`,
      started: jiraTime(new Date(t.createdAt.getTime() + (i + 1) * 60_000)),
    });
  }
  return entries;
}

// https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-issueidorkey-changelog-get
function histories(history: TicketHistory, t: HistoryTicket) {
  const list: { at: Date; items: Record<string, string | null>[] }[] = [];
  if (t.escalation !== undefined) {
    const from = team(history, t.groupId);
    const to = team(history, t.escalation.toGroupId);
    list.push({
      at: t.escalation.at,
      items: [
        {
          field: "Team",
          fieldtype: "custom",
          fieldId: JIRA_TEAM_FIELD_ID,
          from: from.id,
          fromString: from.name,
          to: to.id,
          toString: to.name,
        },
      ],
    });
  }
  t.solves.forEach((at, i) => {
    list.push({
      at,
      items: [
        {
          field: "resolution",
          fieldtype: "jira",
          fieldId: "resolution",
          from: null,
          fromString: null,
          to: "10000",
          toString: "Done",
        },
        {
          field: "status",
          fieldtype: "jira",
          fieldId: "status",
          from: "3",
          fromString: "In Progress",
          to: "10001",
          toString: "Done",
        },
      ],
    });
    const reopen = t.reopens[i];
    if (reopen !== undefined)
      list.push({
        at: reopen,
        items: [
          {
            field: "status",
            fieldtype: "jira",
            fieldId: "status",
            from: "10001",
            fromString: "Done",
            to: "3",
            toString: "In Progress",
          },
        ],
      });
  });
  return list
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map((h, i) => ({
      id: `${t.id}${String(i).padStart(3, "0")}`,
      author: { accountId: "5b10ac8d82e05b22cc7d4ef5" },
      created: jiraTime(h.at),
      items: h.items,
    }));
}

// https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/ (IssueBean)
function renderIssue(history: TicketHistory, t: HistoryTicket, key: string, expandChangelog: boolean) {
  const solved = history.isSolved(t);
  const logs = worklogs(history, t);
  const all = histories(history, t);
  const current = history.currentGroup(t);
  return {
    id: String(t.id + 10_000),
    key,
    self: `https://acme.atlassian.net/rest/api/3/issue/${t.id + 10_000}`,
    fields: {
      summary: `HR request ${t.id}`,
      created: jiraTime(t.createdAt),
      updated: jiraTime(t.updatedAt),
      resolutiondate: solved ? jiraTime(t.solves.at(-1) as Date) : null,
      resolution: solved ? { id: "10000", name: "Done" } : null,
      status: solved
        ? { name: "Done", statusCategory: { key: "done", name: "Done" } }
        : { name: "In Progress", statusCategory: { key: "indeterminate", name: "In Progress" } },
      issuetype: { name: "[System] Service request" },
      components: [{ id: String(t.groupId), name: t.category }],
      [JIRA_TEAM_FIELD_ID]: team(history, current.id),
      // Customer Request Type: https://support.atlassian.com/jira-service-management-cloud/docs/what-are-request-types/
      [JIRA_REQUEST_TYPE_FIELD_ID]: { _links: {}, requestType: { id: String(t.groupId), name: t.category } },
      timespent: logs.length === 0 ? null : logs.reduce((s, w) => s + w.timeSpentSeconds, 0),
      worklog: {
        startAt: 0,
        maxResults: INLINE_WORKLOGS,
        total: logs.length,
        worklogs: logs.slice(0, INLINE_WORKLOGS),
      },
    },
    ...(expandChangelog
      ? { changelog: { startAt: 0, maxResults: 100, total: all.length, histories: all.slice(0, 100) } }
      : {}),
  };
}
