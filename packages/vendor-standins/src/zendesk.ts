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

// A local Zendesk Support API, rendering a TicketHistory in the documented shapes. Every
// fixture names the page it follows. What it serves:
// - API token auth: HTTP Basic `{email}/token:{api_token}`
//   https://developer.zendesk.com/api-reference/introduction/security-and-auth/
// - cursor-based incremental ticket export with `include=metric_sets`, `after_cursor`,
//   `end_of_stream`, its own per-minute limit
//   https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/#incremental-ticket-export-cursor-based
// - show many tickets https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#show-multiple-tickets
// - ticket audits (cursor pagination) https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_audits/
// - groups https://developer.zendesk.com/api-reference/ticketing/groups/groups/
// - 429 with Retry-After https://developer.zendesk.com/api-reference/introduction/rate-limits/
// - webhooks signed base64(HMAC-SHA256(timestamp + body))
//   https://developer.zendesk.com/documentation/webhooks/verifying/ with ticket event
//   bodies https://developer.zendesk.com/api-reference/webhooks/event-types/ticket-events/

/** The id of the time-tracking app's "Total time spent (sec)" ticket field in the stand-in. */
export const ZENDESK_TIME_SPENT_FIELD_ID = 360_028_226_411;

/** Settings of a Zendesk stand-in. */
export interface ZendeskStandinOptions {
  history: TicketHistory;
  email: string;
  apiToken: string;
  webhookSecret: string;
  /** Incremental export requests allowed per minute (documented: 10). */
  exportRequestsPerMinute?: number;
  /** Largest page of the incremental export (documented: 1000). */
  maxPageSize?: number;
  port?: number;
}

/** The ticket events the stand-in can send as webhooks. */
export type ZendeskTicketEventType = "ticket.created" | "ticket.status_changed" | "ticket.group_assignment_changed";

/** A running Zendesk stand-in. */
export interface ZendeskStandin extends StandinServer {
  history: TicketHistory;
  /** Builds a signed webhook for a ticket event: the raw body and the headers Zendesk sends. */
  webhook(
    type: ZendeskTicketEventType,
    ticketId: number,
    signedAt?: Date,
  ): { body: string; headers: Record<string, string> };
  /** Signs and POSTs a ticket event webhook; returns the receiver's status. */
  sendWebhook(
    target: string,
    type: ZendeskTicketEventType,
    ticketId: number,
    options?: { secret?: string; signedAt?: Date },
  ): Promise<number>;
}

/** Starts a Zendesk stand-in on 127.0.0.1. */
export async function startZendeskStandin(options: ZendeskStandinOptions): Promise<ZendeskStandin> {
  const { history } = options;
  const perMinute = options.exportRequestsPerMinute ?? 10;
  const maxPage = options.maxPageSize ?? 1000;
  let window = { start: 0, count: 0 };

  const route = (request: StandinRequest): StandinResponse => {
    const credentials = basicCredentials(request);
    if (credentials?.user !== `${options.email}/token` || credentials.password !== options.apiToken) {
      // https://developer.zendesk.com/api-reference/introduction/security-and-auth/ (401 Couldn't authenticate you)
      return { status: 401, json: { error: "Couldn't authenticate you" } };
    }
    if (request.method === "GET" && request.path === "/api/v2/incremental/tickets/cursor.json") {
      const now = Date.now();
      if (now - window.start >= 60_000) window = { start: now, count: 0 };
      if (++window.count > perMinute) {
        const retryAfter = Math.max(1, Math.ceil((window.start + 60_000 - now) / 1000));
        return { status: 429, headers: { "retry-after": String(retryAfter) }, json: rateLimitBody };
      }
      return incrementalExport(history, request.query, maxPage);
    }
    if (request.method === "GET" && request.path === "/api/v2/tickets/show_many.json") {
      const ids = (request.query.get("ids") ?? "").split(",").filter(Boolean).map(Number);
      const tickets = ids.flatMap((id) => (history.tickets.has(id) ? [history.ticket(id)] : []));
      return {
        status: 200,
        json: {
          tickets: tickets.map((t) => renderTicket(history, t)),
          ...(request.query.get("include")?.includes("metric_sets")
            ? { metric_sets: tickets.map((t) => renderMetricSet(history, t)) }
            : {}),
        },
      };
    }
    const audits = /^\/api\/v2\/tickets\/(\d+)\/audits\.json$/.exec(request.path);
    if (request.method === "GET" && audits !== null) {
      const id = Number(audits[1]);
      if (!history.tickets.has(id)) return { status: 404, json: { error: "RecordNotFound", description: "Not found" } };
      return auditPage(history.ticket(id), request.query);
    }
    if (request.method === "GET" && request.path === "/api/v2/groups.json") {
      // https://developer.zendesk.com/api-reference/ticketing/groups/groups/#list-groups
      return {
        status: 200,
        json: {
          groups: history.groups.map((g) => ({
            id: g.id,
            name: g.name,
            deleted: false,
            default: false,
            created_at: iso(history.options.now),
            updated_at: iso(history.options.now),
          })),
          meta: { has_more: false, after_cursor: null, before_cursor: null },
          links: { next: null, prev: null },
        },
      };
    }
    if (request.method === "GET" && request.path === "/api/v2/ticket_forms.json") {
      // https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_forms/#list-ticket-forms
      return {
        status: 200,
        json: { ticket_forms: [{ id: 360_000_001, name: "HR request", active: true, default: true }] },
      };
    }
    return { status: 404, json: { error: "InvalidEndpoint", description: "Not found" } };
  };

  const server = await startStandinServer(
    route,
    (retryAfterSeconds) => ({ retryAfterSeconds, body: rateLimitBody }),
    options.port,
  );

  const webhook = (type: ZendeskTicketEventType, ticketId: number, signedAt = new Date()) => {
    const ticket = history.ticket(ticketId);
    const body = JSON.stringify(ticketEvent(history, ticket, type));
    const timestamp = signedAt.toISOString().replace(/\.\d{3}Z$/, "Z");
    return {
      body,
      headers: {
        "x-zendesk-webhook-id": "01GK8E6BKWMJZD2T8Y5AXJQMG5",
        "x-zendesk-webhook-signature-timestamp": timestamp,
        "x-zendesk-webhook-signature": signZendesk(options.webhookSecret, timestamp, body),
      },
    };
  };
  return {
    ...server,
    history,
    webhook,
    async sendWebhook(target, type, ticketId, sendOptions = {}) {
      const built = webhook(type, ticketId, sendOptions.signedAt);
      if (sendOptions.secret !== undefined) {
        const timestamp = built.headers["x-zendesk-webhook-signature-timestamp"] ?? "";
        built.headers["x-zendesk-webhook-signature"] = signZendesk(sendOptions.secret, timestamp, built.body);
      }
      return deliverWebhook(target, built.body, built.headers);
    },
  };
}

/** base64(HMAC-SHA256(timestamp + body)), https://developer.zendesk.com/documentation/webhooks/verifying/ */
export function signZendesk(secret: string, timestamp: string, body: string): string {
  return createHmac("sha256", secret)
    .update(timestamp + body)
    .digest("base64");
}

// https://developer.zendesk.com/api-reference/introduction/rate-limits/ documents the 429
// status and the Retry-After header; the body is the API's usual error object.
const rateLimitBody = {
  error: "APIRateLimitExceeded",
  description: "Number of allowed API requests per minute exceeded",
};

const iso = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, "Z");
const unix = (at: Date) => Math.floor(at.getTime() / 1000);

interface ExportCursor {
  /** Seconds of the last exported ticket's update. */
  at: number;
  id: number;
}

const encodeCursor = (c: ExportCursor) => Buffer.from(`${c.at}.0||${c.id}|`).toString("base64");
function decodeCursor(text: string): ExportCursor | undefined {
  const match = /^(\d+)\.0\|\|(\d+)\|$/.exec(Buffer.from(text, "base64").toString("utf8"));
  return match === null ? undefined : { at: Number(match[1]), id: Number(match[2]) };
}

// https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/#incremental-ticket-export-cursor-based
// `start_time` (Unix seconds) on the first request, `cursor` after; tickets ordered by update;
// `after_cursor` / `after_url` continue, `end_of_stream` says the export caught up with now.
function incrementalExport(history: TicketHistory, query: URLSearchParams, maxPage: number): StandinResponse {
  const cursorText = query.get("cursor");
  const startTime = query.get("start_time");
  let from: ExportCursor;
  if (cursorText !== null) {
    const decoded = decodeCursor(cursorText);
    if (decoded === undefined)
      return { status: 400, json: { error: "InvalidPaginationParameter", description: "Invalid cursor" } };
    from = decoded;
  } else if (startTime !== null && /^\d+$/.test(startTime)) {
    if (Number(startTime) > unix(new Date()) - 60) {
      return {
        status: 400,
        json: { error: "InvalidValue", description: "Too recent start_time. Use a start_time older than 1 minute" },
      };
    }
    from = { at: Number(startTime), id: -1 };
  } else {
    return { status: 400, json: { error: "InvalidValue", description: "start_time or cursor is required" } };
  }
  const perPage = Math.min(maxPage, Number(query.get("per_page") ?? maxPage) || maxPage);
  const ordered = [...history.tickets.values()]
    .map((t) => ({ t, at: unix(t.updatedAt) }))
    .filter(({ t, at }) => at > from.at || (at === from.at && t.id > from.id))
    .sort((a, b) => a.at - b.at || a.t.id - b.t.id);
  const page = ordered.slice(0, perPage);
  const last = page.at(-1);
  const after = last === undefined ? from : { at: last.at, id: last.t.id };
  const afterCursor = encodeCursor(after);
  const include = query.get("include") ?? "";
  return {
    status: 200,
    json: {
      tickets: page.map(({ t }) => renderTicket(history, t)),
      ...(include.includes("metric_sets") ? { metric_sets: page.map(({ t }) => renderMetricSet(history, t)) } : {}),
      after_url: `/api/v2/incremental/tickets/cursor.json?cursor=${encodeURIComponent(afterCursor)}`,
      after_cursor: afterCursor,
      before_url: null,
      before_cursor: null,
      end_of_stream: ordered.length <= perPage,
    },
  };
}

function status(history: TicketHistory, t: HistoryTicket): string {
  if (!history.isSolved(t)) return t.reopens.length > 0 || t.escalation !== undefined ? "open" : "new";
  // Solved tickets close automatically after four days (Zendesk's default automation).
  const lastSolve = t.solves.at(-1) as Date;
  return Date.now() - lastSolve.getTime() > 4 * 86_400_000 ? "closed" : "solved";
}

// https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#json-format
function renderTicket(history: TicketHistory, t: HistoryTicket) {
  const tracked = history.trackedSoFar(t);
  return {
    url: `https://example.zendesk.com/api/v2/tickets/${t.id}.json`,
    id: t.id,
    external_id: null,
    created_at: iso(t.createdAt),
    updated_at: iso(t.updatedAt),
    generated_timestamp: unix(t.updatedAt),
    type: "question",
    subject: `HR request ${t.id}`,
    priority: "normal",
    status: status(history, t),
    requester_id: 9_000_000 + (t.id % 97),
    assignee_id: null,
    group_id: history.currentGroup(t).id,
    ticket_form_id: 360_000_001,
    brand_id: 360_000_002,
    tags: [t.category.toLowerCase().replace(/[^a-z0-9]+/g, "_")],
    via: { channel: "web" },
    // The Time Tracking app's "Total time spent (sec)" field; null when nobody tracked time.
    // https://support.zendesk.com/hc/en-us/articles/4408836451866 (Using the Time Tracking app)
    custom_fields: [{ id: ZENDESK_TIME_SPENT_FIELD_ID, value: tracked ?? null }],
    fields: [{ id: ZENDESK_TIME_SPENT_FIELD_ID, value: tracked ?? null }],
  };
}

// https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_metrics/#json-format
function renderMetricSet(history: TicketHistory, t: HistoryTicket) {
  const lastSolve = history.isSolved(t) ? (t.solves.at(-1) as Date) : undefined;
  const firstSolve = t.solves[0];
  const minutes = (to: Date | undefined) =>
    to === undefined
      ? { calendar: null, business: null }
      : { calendar: Math.round((to.getTime() - t.createdAt.getTime()) / 60_000), business: null };
  return {
    url: `https://example.zendesk.com/api/v2/ticket_metrics/${t.id + 5_000_000}.json`,
    id: t.id + 5_000_000,
    ticket_id: t.id,
    created_at: iso(t.createdAt),
    updated_at: iso(t.updatedAt),
    group_stations: t.escalation === undefined ? 1 : 2,
    assignee_stations: 1,
    reopens: t.reopens.length,
    replies: 1 + t.solves.length,
    assignee_updated_at: iso(t.updatedAt),
    requester_updated_at: iso(t.createdAt),
    status_updated_at: iso(t.updatedAt),
    initially_assigned_at: iso(t.createdAt),
    assigned_at: iso(t.escalation?.at ?? t.createdAt),
    solved_at: lastSolve === undefined ? null : iso(lastSolve),
    latest_comment_added_at: iso(t.updatedAt),
    reply_time_in_minutes: { calendar: 30, business: 30 },
    first_resolution_time_in_minutes: minutes(firstSolve),
    full_resolution_time_in_minutes: minutes(lastSolve),
    agent_wait_time_in_minutes: { calendar: null, business: null },
    requester_wait_time_in_minutes: { calendar: null, business: null },
    on_hold_time_in_minutes: { calendar: 0, business: 0 },
  };
}

interface AuditEvent {
  id: number;
  type: "Create" | "Change";
  field_name: string;
  value: string | null;
  previous_value?: string | null;
}

function audits(t: HistoryTicket) {
  const list: { id: number; ticket_id: number; created_at: string; author_id: number; events: AuditEvent[] }[] = [];
  let eventId = t.id * 100;
  const add = (at: Date, events: Omit<AuditEvent, "id">[]) =>
    list.push({
      id: t.id * 100 + list.length,
      ticket_id: t.id,
      created_at: iso(at),
      author_id: 9_100_000,
      events: events.map((e) => ({ id: eventId++, ...e })),
    });
  add(t.createdAt, [
    { type: "Create", field_name: "status", value: "new" },
    { type: "Create", field_name: "group_id", value: String(t.groupId) },
  ]);
  const changes: { at: Date; events: Omit<AuditEvent, "id">[] }[] = [];
  if (t.escalation !== undefined) {
    changes.push({
      at: t.escalation.at,
      events: [
        {
          type: "Change",
          field_name: "group_id",
          value: String(t.escalation.toGroupId),
          previous_value: String(t.groupId),
        },
      ],
    });
  }
  t.solves.forEach((at, i) => {
    changes.push({ at, events: [{ type: "Change", field_name: "status", value: "solved", previous_value: "open" }] });
    const reopen = t.reopens[i];
    if (reopen !== undefined)
      changes.push({
        at: reopen,
        events: [{ type: "Change", field_name: "status", value: "open", previous_value: "solved" }],
      });
  });
  for (const change of changes.sort((a, b) => a.at.getTime() - b.at.getTime())) add(change.at, change.events);
  return list;
}

// https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_audits/#list-audits-for-a-ticket
// with cursor pagination (`page[size]`, `page[after]`, `meta.has_more`, `links.next`),
// https://developer.zendesk.com/api-reference/introduction/pagination/#using-cursor-pagination
function auditPage(t: HistoryTicket, query: URLSearchParams): StandinResponse {
  const all = audits(t);
  const size = Math.min(100, Number(query.get("page[size]") ?? 100) || 100);
  const after = query.get("page[after]");
  const start = after === null ? 0 : Number(Buffer.from(after, "base64").toString("utf8"));
  const page = all.slice(start, start + size);
  const hasMore = start + size < all.length;
  const next = Buffer.from(String(start + size)).toString("base64");
  return {
    status: 200,
    json: {
      audits: page,
      meta: { has_more: hasMore, after_cursor: hasMore ? next : null, before_cursor: null },
      links: {
        next: hasMore ? `/api/v2/tickets/${t.id}/audits.json?page[size]=${size}&page[after]=${next}` : null,
        prev: null,
      },
    },
  };
}

// https://developer.zendesk.com/api-reference/webhooks/event-types/ticket-events/
// (shared event schema: https://developer.zendesk.com/api-reference/webhooks/event-types/webhook-event-types/)
function ticketEvent(history: TicketHistory, t: HistoryTicket, type: ZendeskTicketEventType) {
  const current = status(history, t).toUpperCase();
  const group = history.currentGroup(t);
  const event =
    type === "ticket.created"
      ? { current: { status: current } }
      : type === "ticket.status_changed"
        ? { current, previous: history.isSolved(t) ? "OPEN" : "SOLVED" }
        : { current: { id: String(group.id) }, previous: { id: String(t.groupId) } };
  return {
    type: `zen:event-type:${type}`,
    account_id: 88_888_888,
    id: `01HN${t.id}${type.length}${t.updatedAt.getTime()}`,
    time: iso(t.updatedAt),
    zendesk_event_version: "2022-11-06",
    subject: `zen:ticket:${t.id}`,
    detail: {
      actor_id: "9100000",
      assignee_id: null,
      brand_id: "360000002",
      created_at: iso(t.createdAt),
      form_id: "360000001",
      group_id: String(group.id),
      id: String(t.id),
      is_public: true,
      priority: "NORMAL",
      requester_id: String(9_000_000 + (t.id % 97)),
      status: current,
      subject: `HR request ${t.id}`,
      tags: [],
      type: "QUESTION",
      updated_at: iso(t.updatedAt),
      via: { channel: "web_service" },
    },
    event,
  };
}
