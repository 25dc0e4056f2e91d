import { createHmac } from "node:crypto";
import { type StandinRequest, type StandinResponse, type StandinServer, startStandinServer } from "./helpdesk-http.ts";
import { deliverWebhook } from "./standin-http.ts";
import type { HistoryTicket, TicketHistory } from "./ticket-history.ts";

// A local Merge Ticketing API (the unified ticketing API), rendering a TicketHistory as
// Ticket common-model objects. What it serves, and the page each part follows:
// - auth: `Authorization: Bearer <production API key>` + `X-Account-Token: <linked account token>`
//   https://docs.merge.dev/basics/authentication/
// - GET /api/ticketing/v1/tickets with `modified_after`, `cursor` / `next`, `page_size`,
//   `expand=assigned_teams,collections`, `include_remote_data=true`
//   https://docs.merge.dev/merge-unified/ticketing/common-models/tickets/ (list) and
//   https://docs.merge.dev/basics/pagination/
// - the Ticket object (status OPEN|CLOSED|IN_PROGRESS|ON_HOLD, ticket_type, collections,
//   assigned_teams, completed_at, remote_data; no time-spent field)
//   https://docs.merge.dev/merge-unified/ticketing/common-models/tickets/the-ticket-object
// - 429 per linked account, with Retry-After https://docs.merge.dev/basics/rate-limits/
// - webhooks `{hook, linked_account, data}` signed base64url(HMAC-SHA256(raw body)) in
//   X-Merge-Webhook-Signature https://docs.merge.dev/merge-unified/reading-data/webhooks/merge-webhooks

/** The field of the underlying helpdesk's raw record (remote_data) that holds hands-on seconds. */
export const MERGE_REMOTE_TIME_FIELD = "time_spent_seconds";

/** Settings of a Merge Ticketing stand-in. */
export interface MergeTicketingStandinOptions {
  history: TicketHistory;
  apiKey: string;
  accountToken: string;
  /** The webhook signature key of the Merge organisation. */
  signatureKey: string;
  port?: number;
}

/** A running Merge Ticketing stand-in. */
export interface MergeTicketingStandin extends StandinServer {
  history: TicketHistory;
  /** The Merge id of a history ticket. */
  mergeId(ticketId: number): string;
  /** Signs and POSTs a `Ticket.changed` (or `.added`) webhook; returns the receiver's status. */
  sendWebhook(
    target: string,
    event: "Ticket.added" | "Ticket.changed",
    ticketId: number,
    options?: { key?: string },
  ): Promise<number>;
}

const mergeId = (id: number) => `00000000-0000-4000-8000-${String(id).padStart(12, "0")}`;
const teamId = (groupId: number) => `10000000-0000-4000-8000-${String(groupId).padStart(12, "0")}`;
const COLLECTION = { id: "20000000-0000-4000-8000-000000000001", name: "HR Service Desk", collection_type: "PROJECT" };

/** base64url(HMAC-SHA256(key, raw body)), https://docs.merge.dev/merge-unified/reading-data/webhooks/merge-webhooks */
export function signMerge(key: string, body: string): string {
  return createHmac("sha256", key).update(body).digest("base64url");
}

/** Starts a Merge Ticketing stand-in on 127.0.0.1. */
export async function startMergeTicketingStandin(
  options: MergeTicketingStandinOptions,
): Promise<MergeTicketingStandin> {
  const { history } = options;
  const render = (t: HistoryTicket, query: URLSearchParams) => renderTicket(history, t, query);
  const route = (request: StandinRequest): StandinResponse => {
    if (
      request.headers.authorization !== `Bearer ${options.apiKey}` ||
      request.headers["x-account-token"] !== options.accountToken
    ) {
      return { status: 401, json: { detail: "Invalid token." } };
    }
    if (request.method === "GET" && request.path === "/api/ticketing/v1/tickets") {
      const after = request.query.get("modified_after");
      const from = after === null ? Number.NEGATIVE_INFINITY : Date.parse(after);
      if (Number.isNaN(from))
        return { status: 400, json: { errors: [{ title: "Invalid modified_after", detail: after }] } };
      const size = Math.min(100, Number(request.query.get("page_size") ?? 100) || 100);
      const cursor = request.query.get("cursor");
      const start = cursor === null ? 0 : Number(Buffer.from(cursor, "base64").toString("utf8"));
      const all = [...history.tickets.values()]
        .filter((t) => t.updatedAt.getTime() > from)
        .sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime() || a.id - b.id);
      const page = all.slice(start, start + size);
      const more = start + size < all.length;
      return {
        status: 200,
        json: {
          next: more ? Buffer.from(String(start + size)).toString("base64") : null,
          previous: start > 0 ? Buffer.from(String(Math.max(0, start - size))).toString("base64") : null,
          results: page.map((t) => render(t, request.query)),
        },
      };
    }
    const one = /^\/api\/ticketing\/v1\/tickets\/([0-9a-f-]+)$/.exec(request.path);
    if (request.method === "GET" && one !== null) {
      const t = [...history.tickets.values()].find((x) => mergeId(x.id) === one[1]);
      return t === undefined
        ? { status: 404, json: { detail: "Not found." } }
        : { status: 200, json: render(t, request.query) };
    }
    return { status: 404, json: { detail: "Not found." } };
  };
  const server = await startStandinServer(
    route,
    (retryAfterSeconds) => ({ retryAfterSeconds, body: { detail: "Request was throttled." } }),
    options.port,
  );
  return {
    ...server,
    history,
    mergeId,
    async sendWebhook(target, event, ticketId, sendOptions = {}) {
      const body = JSON.stringify({
        hook: { id: "30000000-0000-4000-8000-000000000001", event, target },
        linked_account: {
          id: "40000000-0000-4000-8000-000000000001",
          integration: "Zendesk",
          integration_slug: "zendesk",
          category: "ticketing",
          end_user_origin_id: "acme",
          end_user_organization_name: "Acme",
          status: "COMPLETE",
          is_duplicate: false,
        },
        data: render(history.ticket(ticketId), new URLSearchParams("expand=assigned_teams,collections")),
      });
      return deliverWebhook(target, body, {
        "x-merge-webhook-signature": signMerge(sendOptions.key ?? options.signatureKey, body),
      });
    },
  };
}

// https://docs.merge.dev/merge-unified/ticketing/common-models/tickets/the-ticket-object
function renderTicket(history: TicketHistory, t: HistoryTicket, query: URLSearchParams) {
  const expand = query.get("expand") ?? "";
  const solved = history.isSolved(t);
  const group = history.currentGroup(t);
  const team = {
    id: teamId(group.id),
    remote_id: String(group.id),
    name: group.name,
    description: `${group.name} team`,
  };
  const tracked = history.trackedSoFar(t);
  return {
    id: mergeId(t.id),
    remote_id: String(t.id),
    created_at: t.createdAt.toISOString(),
    modified_at: t.updatedAt.toISOString(),
    name: `HR request ${t.id}`,
    assignees: [],
    assigned_teams: expand.includes("assigned_teams") ? [team] : [team.id],
    creator: null,
    due_date: null,
    status: solved ? "CLOSED" : t.escalation !== undefined || t.reopens.length > 0 ? "IN_PROGRESS" : "OPEN",
    description: null,
    collections: expand.includes("collections") ? [COLLECTION] : [COLLECTION.id],
    ticket_type: t.category,
    account: null,
    contact: null,
    parent_ticket: null,
    attachments: [],
    access_level: "COMPANY",
    tags: [],
    roles: [],
    ticket_url: `https://acme.example/tickets/${t.id}`,
    priority: "NORMAL",
    remote_created_at: t.createdAt.toISOString(),
    remote_updated_at: t.updatedAt.toISOString(),
    completed_at: solved ? (t.solves.at(-1) as Date).toISOString() : null,
    remote_was_deleted: false,
    field_mappings: null,
    // The underlying helpdesk's raw record, as Merge passes it through (`include_remote_data=true`).
    ...(query.get("include_remote_data") === "true"
      ? {
          remote_data: [
            { path: `/tickets/${t.id}`, data: tracked === undefined ? {} : { [MERGE_REMOTE_TIME_FIELD]: tracked } },
          ],
        }
      : { remote_data: null }),
  };
}
