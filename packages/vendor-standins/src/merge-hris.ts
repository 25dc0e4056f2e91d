// A local stand-in of Merge's unified HRIS API (one Linked Account), for tests and
// `hr-radar demo --source merge-hris`. It serves the documented paths, the two auth headers,
// cursor pagination, `modified_after`, `expand`, the per-Linked-Account rate limit, and sends
// Merge's documented signed webhooks. Pages each part follows:
//   auth:         https://docs.merge.dev/merge-unified/hris/merge-api-basics/authentication
//   pagination:   https://docs.merge.dev/merge-unified/hris/merge-api-basics/pagination
//   rate limits:  https://docs.merge.dev/merge-unified/hris/merge-api-basics/rate-limits
//   Employee:     https://docs.merge.dev/merge-unified/hris/common-models/employees/the-employee-object
//   Employment:   https://docs.merge.dev/merge-unified/hris/common-models/employments/the-employment-object
//   Group:        https://docs.merge.dev/merge-unified/hris/common-models/groups/the-group-object
//   webhooks:     https://docs.merge.dev/merge-unified/reading-data/webhooks/merge-webhooks
//                 (payload {hook, linked_account, data}; X-Merge-Webhook-Signature is the
//                 base64url HMAC-SHA256 of the raw body keyed by the webhook signature key)

import { createHash, createHmac } from "node:crypto";
import {
  type ExpectedWorkforceCounts,
  expectedCounts,
  generateWorkforce,
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

/** The Employee webhook events the stand-in sends ("changed data" webhooks). */
export type MergeEmployeeHookEvent = "Employee.created" | "Employee.updated" | "Employee.changed" | "Employee.deleted";

/** How to set the stand-in up. */
export interface MergeHrisStandinOptions extends Omit<WorkforceOptions, "idPrefix"> {
  /** Your production API key (`Authorization: Bearer <key>`). */
  apiKey?: string;
  /** The Linked Account's token (`X-Account-Token`). */
  accountToken?: string;
  /** The Linked Account's id, sent in every webhook's `linked_account.id`. */
  linkedAccountId?: string;
  /** The underlying HRIS, e.g. "bamboohr" or "hibob" (Merge's `integration_slug`). */
  integration?: string;
  /** The webhook signature key (Merge dashboard, Webhooks -> Security). */
  signatureKey?: string;
  /** Requests per minute per Linked Account (Launch plan: 100). */
  requestsPerMinute?: number;
  /** Seconds in Retry-After on a 429. */
  retryAfterSeconds?: number;
  /** The stand-in's clock; changes are stamped with it as Merge's `modified_at`. */
  now?: () => Date;
}

/** Merge's documented default and maximum `page_size`. */
const DEFAULT_PAGE_SIZE = 100;
const MAX_PAGE_SIZE = 100;

/** A deterministic UUID-shaped id from a name, so ids are stable across runs. */
function uuidFrom(name: string): string {
  const h = createHash("sha256").update(name).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The base64url HMAC-SHA256 Merge puts in X-Merge-Webhook-Signature. */
export function signMergeWebhook(rawBody: string, signatureKey: string): string {
  return createHmac("sha256", signatureKey).update(rawBody, "utf8").digest("base64url");
}

/** A Merge HRIS stand-in with one Linked Account. */
export class MergeHrisStandin {
  readonly apiKey: string;
  readonly accountToken: string;
  readonly linkedAccountId: string;
  readonly integration: string;
  readonly signatureKey: string;
  readonly today: string;
  private readonly people: StandinEmployee[];
  private readonly modifiedAt = new Map<string, string>();
  private readonly budgets = new Map<string, RequestBudget>();
  private readonly perMinute: number;
  private readonly retryAfterSeconds: number;
  private readonly now: () => Date;
  private running: RunningStandin | null = null;
  /** Every request served (method + path + query). */
  readonly requests: string[] = [];

  constructor(options: MergeHrisStandinOptions) {
    this.apiKey = options.apiKey ?? "merge-production-api-key";
    this.accountToken = options.accountToken ?? "merge-account-token";
    this.linkedAccountId = options.linkedAccountId ?? uuidFrom("linked-account");
    this.integration = options.integration ?? "hibob";
    this.signatureKey = options.signatureKey ?? "merge-webhook-signature-key";
    this.today = options.today;
    this.perMinute = options.requestsPerMinute ?? 100;
    this.retryAfterSeconds = options.retryAfterSeconds ?? 1;
    this.now = options.now ?? (() => new Date());
    this.people = generateWorkforce({ ...options, idPrefix: "R" });
    for (const p of this.people) this.modifiedAt.set(p.id, p.updatedAt);
  }

  /** The API base URL once started (the connector's `baseUrl`, without `/api/hris/v1`). */
  get baseUrl(): string {
    if (this.running === null) throw new Error("Merge stand-in not started");
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

  /** The next `count` requests of this Linked Account are answered 429. */
  throttleNext(count: number, accountToken = this.accountToken): void {
    this.budget(accountToken).throttleNext(count);
  }

  /** What a correct first sync from `since` must produce. */
  expected(since: string): ExpectedWorkforceCounts {
    return expectedCounts(this.people, since, this.today);
  }

  /** The people (copies); `id` is the remote (underlying HRIS) id. */
  employees(): StandinEmployee[] {
    return this.people.map((p) => ({ ...p }));
  }

  /** Merge's id of the employee whose underlying HRIS id is `remoteId`. */
  mergeId(remoteId: string): string {
    return uuidFrom(`employee:${remoteId}`);
  }

  /** A new person starts; returns their remote id. */
  hire(input: { department: string; jobTitle: string; hiredOn: string }): string {
    const id = `R${1000 + this.people.length}`;
    const stamp = this.now().toISOString();
    this.people.push({
      id,
      firstName: "New",
      lastName: `Starter ${id}`,
      email: `new.starter.${id}@example.com`.toLowerCase(),
      department: input.department,
      jobTitle: input.jobTitle,
      hiredOn: input.hiredOn,
      terminatedOn: null,
      createdAt: stamp,
      updatedAt: stamp,
    });
    this.modifiedAt.set(id, stamp);
    return id;
  }

  /** A person moves to another department group. */
  moveDepartment(remoteId: string, department: string): void {
    this.change(remoteId, (p) => {
      p.department = department;
    });
  }

  /** A person's employment ends with `terminatedOn`. */
  terminate(remoteId: string, terminatedOn: string): void {
    this.change(remoteId, (p) => {
      p.terminatedOn = terminatedOn;
    });
  }

  private change(remoteId: string, apply: (p: StandinEmployee) => void): void {
    const person = this.people.find((p) => p.id === remoteId);
    if (person === undefined) throw new Error(`no employee ${remoteId}`);
    apply(person);
    person.updatedAt = this.now().toISOString();
    this.modifiedAt.set(remoteId, person.updatedAt);
  }

  /** The documented webhook body: `{hook, linked_account, data}` with the Employee as data. */
  webhookBody(event: MergeEmployeeHookEvent, remoteId: string, target = "https://example.com/hooks"): string {
    const person = this.people.find((p) => p.id === remoteId);
    if (person === undefined) throw new Error(`no employee ${remoteId}`);
    return JSON.stringify({
      hook: { id: uuidFrom(`hook:${event}`), event, target },
      linked_account: {
        id: this.linkedAccountId,
        integration: this.integration,
        integration_slug: this.integration,
        category: "hris",
        end_user_origin_id: "customer-1",
        end_user_organization_name: "Stand-in Customer",
        end_user_email_address: "it@example.com",
        status: "COMPLETE",
        webhook_listener_url: "",
        is_duplicate: null,
        account_type: "PRODUCTION",
      },
      data: this.employeeBody(person, new Set()),
    });
  }

  /** Sends a signed webhook (or a forged one with `signature`); returns the receiver's status. */
  async sendWebhook(
    url: string,
    event: MergeEmployeeHookEvent,
    remoteId: string,
    options: { signature?: string; rawBody?: string } = {},
  ): Promise<number> {
    const body = options.rawBody ?? this.webhookBody(event, remoteId, url);
    const signature = options.signature ?? signMergeWebhook(body, this.signatureKey);
    return deliverWebhook(url, body, { "x-merge-webhook-signature": signature, "user-agent": "Merge/Webhooks" });
  }

  private budget(accountToken: string): RequestBudget {
    let budget = this.budgets.get(accountToken);
    if (budget === undefined) {
      budget = new RequestBudget(this.perMinute, this.retryAfterSeconds);
      this.budgets.set(accountToken, budget);
    }
    return budget;
  }

  private handle(request: StandinRequest): StandinResponse {
    this.requests.push(`${request.method} ${request.url.pathname}${request.url.search}`);
    if (headerValue(request.headers, "authorization") !== `Bearer ${this.apiKey}`) {
      return { status: 401, body: { detail: "Invalid API key." } };
    }
    const accountToken = headerValue(request.headers, "x-account-token");
    if (accountToken !== this.accountToken) {
      return { status: 401, body: { detail: "Invalid or missing X-Account-Token." } };
    }
    const budget = this.budget(accountToken);
    const wait = budget.take(this.now().getTime());
    if (wait !== null) {
      return {
        status: 429,
        headers: {
          "retry-after": String(wait),
          "x-ratelimit-limit": String(budget.limit),
          "x-ratelimit-remaining": "0",
        },
        body: { detail: "Request was throttled." },
      };
    }
    if (request.method !== "GET") return { status: 405, body: { detail: `Method "${request.method}" not allowed.` } };
    const path = request.url.pathname;
    const expand = new Set((request.url.searchParams.get("expand") ?? "").split(",").filter(Boolean));
    if (path === "/api/hris/v1/employees" || path === "/api/hris/v1/employees/") {
      return this.listEmployees(request.url, expand);
    }
    const one = /^\/api\/hris\/v1\/employees\/([^/]+)\/?$/.exec(path);
    if (one) {
      const person = this.people.find((p) => this.mergeId(p.id) === one[1]);
      return person
        ? { status: 200, body: this.employeeBody(person, expand) }
        : { status: 404, body: { detail: "Not found." } };
    }
    return { status: 404, body: { detail: "Not found." } };
  }

  private listEmployees(url: URL, expand: Set<string>): StandinResponse {
    const sizeText = url.searchParams.get("page_size");
    const pageSize = sizeText === null ? DEFAULT_PAGE_SIZE : Number(sizeText);
    if (!Number.isInteger(pageSize) || pageSize < 1)
      return { status: 400, body: { page_size: ["A valid integer is required."] } };
    const modifiedAfter = url.searchParams.get("modified_after");
    if (modifiedAfter !== null && Number.isNaN(Date.parse(modifiedAfter))) {
      return { status: 400, body: { modified_after: ["Enter a valid date/time."] } };
    }
    const matching = this.people.filter(
      (p) => modifiedAfter === null || Date.parse(this.modifiedAt.get(p.id) ?? p.updatedAt) > Date.parse(modifiedAfter),
    );
    const cursor = url.searchParams.get("cursor");
    const offset = cursor === null ? 0 : decodeCursor(cursor);
    if (offset === null) return { status: 400, body: { detail: "Invalid cursor" } };
    const size = Math.min(pageSize, MAX_PAGE_SIZE);
    const results = matching.slice(offset, offset + size).map((p) => this.employeeBody(p, expand));
    return {
      status: 200,
      body: {
        next: offset + size < matching.length ? encodeCursor(offset + size) : null,
        previous: offset > 0 ? encodeCursor(Math.max(0, offset - size)) : null,
        results,
      },
    };
  }

  private employeeBody(person: StandinEmployee, expand: Set<string>): Record<string, unknown> {
    const id = this.mergeId(person.id);
    const modifiedAt = this.modifiedAt.get(person.id) ?? person.updatedAt;
    const status =
      person.hiredOn > this.today
        ? "PENDING"
        : person.terminatedOn !== null && person.terminatedOn < this.today
          ? "INACTIVE"
          : "ACTIVE";
    const group = {
      id: uuidFrom(`group:${person.department}`),
      remote_id: `dept-${person.department.toLowerCase().replace(/\W+/g, "-")}`,
      parent_group: null,
      name: person.department,
      type: "DEPARTMENT",
      remote_was_deleted: false,
      is_commonly_used_as_team: false,
      created_at: "2024-01-01T00:00:00Z",
      modified_at: "2024-01-01T00:00:00Z",
    };
    const employment = {
      id: uuidFrom(`employment:${person.id}`),
      remote_id: `job-${person.id}`,
      employee: id,
      job_title: person.jobTitle,
      pay_rate: null,
      pay_period: null,
      pay_frequency: null,
      pay_currency: null,
      pay_group: null,
      flsa_status: null,
      effective_date: `${person.hiredOn}T00:00:00Z`,
      employment_type: "FULL_TIME",
      remote_was_deleted: false,
      created_at: person.createdAt,
      modified_at: modifiedAt,
    };
    return {
      id,
      remote_id: person.id,
      employee_number: person.id.slice(1),
      company: uuidFrom("company"),
      first_name: person.firstName,
      last_name: person.lastName,
      display_full_name: `${person.firstName} ${person.lastName}`,
      work_email: person.email,
      personal_email: null,
      groups: expand.has("groups") ? [group] : [group.id],
      employments: expand.has("employments") ? [employment] : [employment.id],
      employment_status: status,
      hire_date: `${person.hiredOn}T00:00:00Z`,
      start_date: `${person.hiredOn}T00:00:00Z`,
      termination_date: person.terminatedOn === null ? null : `${person.terminatedOn}T00:00:00Z`,
      remote_created_at: person.createdAt,
      remote_was_deleted: false,
      created_at: person.createdAt,
      modified_at: modifiedAt,
    };
  }
}

function encodeCursor(offset: number): string {
  return Buffer.from(`o:${offset}`).toString("base64url");
}

function decodeCursor(cursor: string): number | null {
  const match = /^o:(\d+)$/.exec(Buffer.from(cursor, "base64url").toString("utf8"));
  return match ? Number(match[1]) : null;
}
