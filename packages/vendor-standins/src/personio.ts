// A local stand-in of Personio's public API v2, for tests and `hr-radar demo --source personio`.
// It serves the documented paths, auth, cursor pagination, filters and throttling answer, and
// sends Personio's documented dataless webhook notifications. Pages each part follows:
//   auth:         https://developer.personio.de/reference/post_v2-auth-token
//                 https://developer.personio.de/v2.0/reference/authentication
//   persons:      https://developer.personio.de/reference/get_v2-persons
//   employments:  https://developer.personio.de/reference/get_v2-persons-person-id-employments
//   org units:    https://developer.personio.de/reference/getorgunit
//   webhooks:     https://developer.personio.de/v2.0/reference/webhooks
//                 https://developer.personio.de/reference/post_v2-webhooks
//   rate limits:  https://developer.personio.de/changelog/rate-limits-on-get-employees-endpoint-may-6-2024

import { randomBytes } from "node:crypto";
import {
  type ExpectedWorkforceCounts,
  expectedCounts,
  generateWorkforce,
  STANDIN_DEPARTMENTS,
  type StandinEmployee,
  type WorkforceOptions,
} from "./hris-workforce.ts";
import {
  deliverWebhook,
  headerValue,
  RequestBudget,
  type RunningStandin,
  type StandinRequest,
  type StandinResponse,
  startStandinServer,
} from "./standin-http.ts";

/** The documented person and employment webhook events (Event Catalog of the webhooks page). */
export const PERSONIO_WEBHOOK_EVENTS = [
  "person.created",
  "person.updated",
  "person.deleted",
  "employment.created",
  "employment.updated",
  "employment.deleted",
  "employment.started",
  "employment.terminated",
] as const;
/** One of {@link PERSONIO_WEBHOOK_EVENTS}. */
export type PersonioWebhookEvent = (typeof PERSONIO_WEBHOOK_EVENTS)[number];

/** How to set the stand-in up. */
export interface PersonioStandinOptions extends Omit<WorkforceOptions, "idPrefix"> {
  clientId?: string;
  clientSecret?: string;
  /** Personio's company id, sent as `company_id` in every webhook. */
  companyId?: string;
  /**
   * The webhook's `token` (auth_type TOKEN): Personio sends this exact value in the
   * Authorization header of every delivery (post_v2-webhooks).
   */
  webhookToken?: string;
  /** Requests per minute before 429 (the documented GET employees limit is 300/min). */
  requestsPerMinute?: number;
  /** Seconds in Retry-After on a 429 (Personio asks clients to wait at least 1 s). */
  retryAfterSeconds?: number;
  /** The stand-in's clock; employment changes are stamped with it. */
  now?: () => Date;
}

/** The documented Personio maximum page size for persons and employments (limit 1..50). */
const MAX_LIMIT = 50;
/** The documented default page size (10). */
const DEFAULT_LIMIT = 10;

/** A documented RFC 9457-style problem answer. */
function problem(status: number, title: string, detail: string): StandinResponse {
  return {
    status,
    headers: { "content-type": "application/problem+json" },
    body: { type: "about:blank", title, status, detail, personio_trace_id: randomBytes(8).toString("hex") },
  };
}

/** A Personio API v2 stand-in (one company). */
export class PersonioStandin {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly companyId: string;
  readonly webhookToken: string;
  readonly today: string;
  private readonly people: StandinEmployee[];
  private readonly employmentUpdatedAt = new Map<string, string>();
  private readonly accessToken = `papi-${randomBytes(16).toString("hex")}`;
  private readonly budget: RequestBudget;
  private readonly now: () => Date;
  private running: RunningStandin | null = null;
  /** Every request served (method + path + query), for tests that check what was asked. */
  readonly requests: string[] = [];

  constructor(options: PersonioStandinOptions) {
    this.clientId = options.clientId ?? "personio-client";
    this.clientSecret = options.clientSecret ?? "personio-secret";
    this.companyId = options.companyId ?? "4711";
    this.webhookToken = options.webhookToken ?? "Bearer personio-webhook-token";
    this.today = options.today;
    this.now = options.now ?? (() => new Date());
    this.budget = new RequestBudget(options.requestsPerMinute ?? 300, options.retryAfterSeconds ?? 1);
    this.people = generateWorkforce({ ...options, idPrefix: "" });
    for (const person of this.people) this.employmentUpdatedAt.set(person.id, person.updatedAt);
  }

  /** The API base URL once started (the connector's `baseUrl`). */
  get baseUrl(): string {
    if (this.running === null) throw new Error("Personio stand-in not started");
    return this.running.baseUrl;
  }

  /** Starts serving on 127.0.0.1. */
  async start(port = 0): Promise<string> {
    this.running = await startStandinServer((request) => this.handle(request), port);
    return this.running.baseUrl;
  }

  /** Stops serving. */
  async stop(): Promise<void> {
    await this.running?.close();
    this.running = null;
  }

  /** The next `count` API requests are answered 429 with Retry-After. */
  throttleNext(count: number): void {
    this.budget.throttleNext(count);
  }

  /** What a correct first sync from `since` must produce (the stand-in's own counts). */
  expected(since: string): ExpectedWorkforceCounts {
    return expectedCounts(this.people, since, this.today);
  }

  /** The people as the stand-in holds them (copies). */
  employees(): StandinEmployee[] {
    return this.people.map((p) => ({ ...p }));
  }

  /** A new person starts (the HR team adds them in Personio); returns their id. */
  hire(input: { department: string; jobTitle: string; hiredOn: string }): string {
    const id = String(1000 + this.people.length);
    const stamp = this.now().toISOString();
    this.people.push({
      id,
      firstName: "New",
      lastName: `Starter ${id}`,
      email: `new.starter.${id}@example.com`,
      department: input.department,
      jobTitle: input.jobTitle,
      hiredOn: input.hiredOn,
      terminatedOn: null,
      createdAt: stamp,
      updatedAt: stamp,
    });
    this.employmentUpdatedAt.set(id, stamp);
    return id;
  }

  /** A person moves department (an employment update in Personio). */
  moveDepartment(personId: string, department: string): void {
    this.change(personId, (p) => {
      p.department = department;
    });
  }

  /** A person's employment is terminated with `terminatedOn` as the last day. */
  terminate(personId: string, terminatedOn: string): void {
    this.change(personId, (p) => {
      p.terminatedOn = terminatedOn;
    });
  }

  private change(personId: string, apply: (person: StandinEmployee) => void): void {
    const person = this.people.find((p) => p.id === personId);
    if (person === undefined) throw new Error(`no person ${personId}`);
    apply(person);
    person.updatedAt = this.now().toISOString();
    this.employmentUpdatedAt.set(personId, person.updatedAt);
  }

  /**
   * The documented webhook body for an event about a person: a dataless notification
   * (`company_id`, `event_name`, `occurred_at`, `payload`, `meta`) naming the resource by id.
   */
  webhookBody(event: PersonioWebhookEvent, personId: string): string {
    const payload = event.startsWith("person.")
      ? { id: personId }
      : { id: employmentId(personId), person: { id: personId } };
    return JSON.stringify({
      company_id: this.companyId,
      event_name: event,
      occurred_at: this.now().toISOString(),
      payload,
      meta: {},
    });
  }

  /**
   * Delivers a webhook the way Personio does with auth_type TOKEN: a POST whose
   * Authorization header is the configured token, verbatim. Returns the receiver's status.
   */
  async sendWebhook(
    url: string,
    event: PersonioWebhookEvent,
    personId: string,
    options: { token?: string; rawBody?: string } = {},
  ): Promise<number> {
    const body = options.rawBody ?? this.webhookBody(event, personId);
    return deliverWebhook(url, body, { authorization: options.token ?? this.webhookToken });
  }

  private handle(request: StandinRequest): StandinResponse {
    this.requests.push(`${request.method} ${request.url.pathname}${request.url.search}`);
    const path = request.url.pathname;
    if (request.method === "POST" && path === "/v2/auth/token") return this.token(request);
    const wait = this.budget.take(this.now().getTime());
    if (wait !== null) {
      const answer = problem(429, "Too Many Requests", "rate limit exceeded");
      return { ...answer, headers: { ...answer.headers, "retry-after": String(wait) } };
    }
    if (headerValue(request.headers, "authorization") !== `Bearer ${this.accessToken}`) {
      return problem(401, "Unauthorized", "missing or invalid bearer token");
    }
    if (request.method !== "GET") return problem(405, "Method Not Allowed", `${request.method} ${path}`);
    const person = /^\/v2\/persons\/([^/]+)$/.exec(path);
    const employments = /^\/v2\/persons\/([^/]+)\/employments$/.exec(path);
    const orgUnit = /^\/v2\/org-units\/([^/]+)$/.exec(path);
    if (path === "/v2/persons") return this.listPersons(request.url);
    if (person) return this.getPerson(person[1]!);
    if (employments) return this.listEmployments(employments[1]!, request.url);
    if (orgUnit) return this.getOrgUnit(orgUnit[1]!);
    return problem(404, "Not Found", path);
  }

  /** OAuth 2.0 client credentials, form-encoded (post_v2-auth-token). */
  private token(request: StandinRequest): StandinResponse {
    const contentType = headerValue(request.headers, "content-type") ?? "";
    if (!contentType.startsWith("application/x-www-form-urlencoded")) {
      return { status: 400, body: { error: "invalid_request", error_description: "form-encoded body required" } };
    }
    const form = new URLSearchParams(request.body.toString("utf8"));
    if (form.get("grant_type") !== "client_credentials") {
      return { status: 400, body: { error: "unsupported_grant_type" } };
    }
    if (form.get("client_id") !== this.clientId || form.get("client_secret") !== this.clientSecret) {
      return { status: 401, body: { error: "invalid_client", error_description: "invalid client credentials" } };
    }
    return {
      status: 200,
      body: { access_token: this.accessToken, token_type: "Bearer", expires_in: 86_400, scope: "" },
    };
  }

  private page<T>(items: readonly T[], url: URL): StandinResponse | { slice: T[]; next: string | null } {
    const limitText = url.searchParams.get("limit");
    const limit = limitText === null ? DEFAULT_LIMIT : Number(limitText);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
      return problem(400, "Bad Request", `limit must be between 1 and ${MAX_LIMIT}`);
    }
    const cursor = url.searchParams.get("cursor");
    const offset = cursor === null ? 0 : decodeCursor(cursor);
    if (offset === null) return problem(400, "Bad Request", "invalid cursor");
    const slice = items.slice(offset, offset + limit);
    if (offset + limit >= items.length) return { slice, next: null };
    const next = new URL(url.pathname, "https://api.personio.de");
    for (const [key, value] of url.searchParams) if (key !== "cursor") next.searchParams.set(key, value);
    next.searchParams.set("cursor", encodeCursor(offset + limit));
    return { slice, next: `${next.pathname}${next.search}` };
  }

  private listPersons(url: URL): StandinResponse {
    const updatedAfter = url.searchParams.get("updated_at.gt");
    if (updatedAfter !== null && Number.isNaN(Date.parse(updatedAfter))) {
      return problem(400, "Bad Request", "updated_at.gt must be a date-time");
    }
    const matching = this.people.filter((p) => updatedAfter === null || p.createdAt > updatedAfter);
    const paged = this.page(matching, url);
    if ("status" in paged) return paged;
    return { status: 200, body: listBody(paged.slice.map(personBody), url, paged.next) };
  }

  private getPerson(id: string): StandinResponse {
    const person = this.people.find((p) => p.id === id);
    return person ? { status: 200, body: personBody(person) } : problem(404, "Not Found", `person ${id}`);
  }

  private listEmployments(personId: string, url: URL): StandinResponse {
    const person = this.people.find((p) => p.id === personId);
    if (person === undefined) return problem(404, "Not Found", `person ${personId}`);
    const updatedAfter = url.searchParams.get("updated_at.gt");
    if (updatedAfter !== null && Number.isNaN(Date.parse(updatedAfter))) {
      return problem(400, "Bad Request", "updated_at.gt must be a date-time");
    }
    const updatedAt = this.employmentUpdatedAt.get(personId) ?? person.updatedAt;
    const all = updatedAfter === null || Date.parse(updatedAt) > Date.parse(updatedAfter) ? [person] : [];
    const paged = this.page(all, url);
    if ("status" in paged) return paged;
    return {
      status: 200,
      body: listBody(
        paged.slice.map((p) => this.employmentBody(p, updatedAt)),
        url,
        paged.next,
      ),
    };
  }

  private employmentBody(person: StandinEmployee, updatedAt: string): Record<string, unknown> {
    const status =
      person.hiredOn > this.today
        ? "ONBOARDING"
        : person.terminatedOn !== null && person.terminatedOn < this.today
          ? "INACTIVE"
          : "ACTIVE";
    return {
      id: employmentId(person.id),
      person: { id: person.id },
      status,
      start_date: person.hiredOn,
      termination_date: person.terminatedOn,
      position: { title: person.jobTitle, description: null },
      org_units: [{ id: String(orgUnitId(person.department)), type: "department" }],
      weekly_working_hours: 40,
      supervisor: null,
      office: null,
      legal_entity: { id: "1" },
      created_at: person.createdAt,
      updated_at: updatedAt,
    };
  }

  private getOrgUnit(id: string): StandinResponse {
    const name = departmentNames().find((d) => String(orgUnitId(d)) === id);
    if (name === undefined) return problem(404, "Not Found", `org unit ${id}`);
    return { status: 200, body: { id, type: "department", name, abbreviation: name.slice(0, 3).toUpperCase() } };
  }
}

function departmentNames(): string[] {
  return [...STANDIN_DEPARTMENTS, "Customer Success", "Legal"];
}

/** Departments are org units with integer ids (getorgunit: `id` is int64). */
function orgUnitId(department: string): number {
  const index = departmentNames().indexOf(department);
  if (index < 0) throw new Error(`department ${department} is not an org unit of the stand-in`);
  return 231 + index;
}

function employmentId(personId: string): string {
  return `e${personId.padStart(8, "0")}-0000-4000-8000-000000000000`;
}

function personBody(person: StandinEmployee): Record<string, unknown> {
  return {
    id: person.id,
    email: person.email,
    first_name: person.firstName,
    last_name: person.lastName,
    preferred_name: person.firstName,
    gender: "UNDEFINED",
    language_code: "en",
    created_at: person.createdAt,
    updated_at: person.createdAt,
  };
}

/** The list envelope: `_data` plus `_meta.links` with the next page's href. */
function listBody(data: unknown[], url: URL, next: string | null): Record<string, unknown> {
  const links: Record<string, { href: string }> = { self: { href: `${url.pathname}${url.search}` } };
  if (next !== null) links.next = { href: next };
  return { _data: data, _meta: { links } };
}

function encodeCursor(offset: number): string {
  return `cur_${Buffer.from(`o:${offset}`).toString("base64url")}`;
}

function decodeCursor(cursor: string): number | null {
  if (!cursor.startsWith("cur_")) return null;
  const match = /^o:(\d+)$/.exec(Buffer.from(cursor.slice(4), "base64url").toString("utf8"));
  return match ? Number(match[1]) : null;
}

/** Today in UTC as YYYY-MM-DD (tests date the stand-in's workforce from it). */
export function utcToday(now = new Date()): string {
  return now.toISOString().slice(0, 10);
}
