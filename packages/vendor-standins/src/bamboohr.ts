// A local stand-in of the BambooHR API and its webhooks, reproducing the documented
// requests and answers the connector relies on (each fixture names its page):
// - API root and auth: https://documentation.bamboohr.com/docs/getting-started
//   https://api.bamboohr.com/api/gateway.php/{companyDomain}/v1/..., HTTP Basic with the API
//   key as user name and any password; a wrong key answers 401.
// - Request a custom report: https://documentation.bamboohr.com/reference/request-custom-report-1
// - Get employee: https://documentation.bamboohr.com/reference/get-employee
// - Get changed employee ids: https://documentation.bamboohr.com/reference/get-changed-employee-ids
// - Throttling: https://documentation.bamboohr.com/docs/planned-changes-to-the-api (from 2026-09-16 a
//   rate-limited request answers 429 with Retry-After; 503 before, and still when the API is down)
// - Webhooks and their signature: https://documentation.bamboohr.com/docs/webhooks
import { createHmac } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { addDays, type DailyCount, dailyCounts, seededRandom } from "./random.ts";

/** An employee as BambooHR keeps them (only the fields the stand-in serves; no real people). */
export interface BambooStandInEmployee {
  id: string;
  firstName: string;
  lastName: string;
  status: "Active" | "Inactive";
  employmentHistoryStatus: string;
  hireDate: string;
  /** null: BambooHR's "0000-00-00". */
  terminationDate: string | null;
  department: string;
  jobTitle: string;
  /** When BambooHR last saw a change (the changed-ids endpoint reports it). */
  lastChanged: string;
}

/** The stand-in's settings. */
export interface BambooStandInOptions {
  subdomain?: string;
  apiKey: string;
  /** The webhook's private key (BambooHR shows it once when the webhook is created). */
  webhookKey: string;
  /** Today, YYYY-MM-DD: history is generated up to it. */
  today: string;
  employees?: number;
  /** Days of hires and terminations before today. */
  historyDays?: number;
  seed?: number;
  host?: string;
  port?: number;
}

/** A webhook delivery's answer. */
export interface DeliveryAnswer {
  status: number;
  body: string;
}

/** A running stand-in. */
export interface BambooStandIn {
  /** What a connection's `baseUrl` is set to (the gateway path follows). */
  baseUrl: string;
  subdomain: string;
  employees: BambooStandInEmployee[];
  /** API requests served so far, by path kind (report, employee, changed), and 429s sent. */
  requests: { report: number; employee: number; changed: number; throttled: number };
  /** The next `count` API requests answer 429 with `Retry-After: retryAfterSeconds`. */
  throttle(count: number, retryAfterSeconds: number): void;
  /** Every request waits this long first (to make a sync slow enough to interrupt). */
  setLatency(ms: number): void;
  /** The vendor's own counts per day (see dailyCounts), for comparison with hr-radar's trends. */
  expectedDaily(from: string, to: string): DailyCount[];
  /** Adds an employee (as HR would) and returns them. */
  hire(fields: { hireDate: string; department: string; jobTitle: string }): BambooStandInEmployee;
  /** Moves an employee to another department. */
  move(id: string, department: string): BambooStandInEmployee;
  /** Terminates an employee on a date. */
  terminate(id: string, terminationDate: string): BambooStandInEmployee;
  /**
   * Posts an event-based webhook for an employee to `url`, signed as BambooHR signs:
   * `forge` signs with a wrong key, `timestamp` overrides the (unix seconds) timestamp.
   */
  sendWebhook(
    url: string,
    type: "employee.created" | "employee.updated" | "employee.deleted",
    employeeId: string,
    options?: { changedFields?: string[]; forge?: boolean; timestamp?: number },
  ): Promise<DeliveryAnswer>;
  close(): Promise<void>;
}

const DEPARTMENTS = ["Engineering", "Sales", "Operations", "Finance", "Customer Success"] as const;
const TITLES: Record<(typeof DEPARTMENTS)[number], readonly string[]> = {
  Engineering: ["Software Engineer", "Senior Software Engineer", "Engineering Manager"],
  Sales: ["Account Executive", "Sales Development Representative"],
  Operations: ["Operations Analyst", "Office Manager"],
  Finance: ["Accountant", "Financial Analyst"],
  "Customer Success": ["Customer Success Manager", "Support Specialist"],
};
/** The HR team, in the People department: titles the default mapping knows, and one it does not. */
const HR_TEAM = [
  { jobTitle: "HR Manager", department: "People" },
  { jobTitle: "Recruiter", department: "People" },
  { jobTitle: "Payroll Specialist", department: "People" },
  { jobTitle: "People Coordinator", department: "People" },
] as const;

/** Employees with two years (by default) of hires and terminations, seeded. */
export function bambooFixture(options: {
  today: string;
  employees?: number;
  historyDays?: number;
  seed?: number;
}): BambooStandInEmployee[] {
  const random = seededRandom(options.seed ?? 13);
  const total = options.employees ?? 120;
  const historyDays = options.historyDays ?? 730;
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const people: BambooStandInEmployee[] = [];
  for (let i = 0; i < total; i++) {
    const hr = i < HR_TEAM.length ? HR_TEAM[i] : undefined;
    const department = hr?.department ?? pick(DEPARTMENTS);
    // about half were there before the history starts, the rest joined during it
    const hiredDaysAgo =
      random() < 0.5 ? historyDays + 1 + Math.floor(random() * 1500) : 1 + Math.floor(random() * historyDays);
    const hireDate = addDays(options.today, -hiredDaysAgo);
    // a quarter left, on a day after their hire and within the history
    const leaves = !hr && random() < 0.25;
    const leftDaysAgo = leaves ? Math.floor(random() * Math.min(hiredDaysAgo - 1, historyDays)) : 0;
    const terminationDate = leaves && leftDaysAgo >= 1 ? addDays(options.today, -leftDaysAgo) : null;
    people.push({
      id: String(100 + i),
      firstName: `Given${i}`,
      lastName: `Family${i}`,
      status: terminationDate ? "Inactive" : "Active",
      // one employee on a status the default mapping does not list: reported, counted by BambooHR's own flag
      employmentHistoryStatus: terminationDate
        ? "Terminated"
        : i === 7
          ? "Sabbatical"
          : random() < 0.8
            ? "Full-Time"
            : "Part-Time",
      hireDate,
      terminationDate,
      department,
      jobTitle: hr?.jobTitle ?? pick(TITLES[department as (typeof DEPARTMENTS)[number]]),
      lastChanged: `${terminationDate ?? hireDate}T09:00:00+00:00`,
    });
  }
  return people;
}

/** The fields a custom report or an employee request may name, as BambooHR returns them (text). */
function fieldValue(e: BambooStandInEmployee, field: string): string | null {
  switch (field) {
    case "id":
      return e.id;
    case "terminationDate":
      return e.terminationDate ?? "0000-00-00";
    case "firstName":
    case "lastName":
    case "status":
    case "employmentHistoryStatus":
    case "hireDate":
    case "department":
    case "jobTitle":
      return e[field];
    default:
      return null;
  }
}

const project = (e: BambooStandInEmployee, fields: readonly string[]) =>
  Object.fromEntries([["id", e.id], ...fields.map((f) => [f, fieldValue(e, f)])]);

/** Starts the stand-in on a free port (unless `port` is given). */
export async function startBambooStandIn(options: BambooStandInOptions): Promise<BambooStandIn> {
  const subdomain = options.subdomain ?? "acme";
  const employees = bambooFixture(options);
  const requests = { report: 0, employee: 0, changed: 0, throttled: 0 };
  let throttled = 0;
  let retryAfter = 1;
  let latencyMs = 0;
  const expectedAuth = `Basic ${Buffer.from(`${options.apiKey}:x`).toString("base64")}`;
  const root = `/api/gateway.php/${subdomain}/v1`;

  const server: Server = createServer((req, res) => {
    void serve(req, res).catch((error: unknown) => json(res, 500, { error: String(error) }));
  });
  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
    const url = new URL(req.url ?? "/", "http://standin");
    if (!url.pathname.startsWith(`${root}/`)) return json(res, 404, { error: "unknown company or path" });
    // any password is accepted: the API key is the user name (docs: getting started)
    const [scheme, encoded = ""] = (req.headers.authorization ?? "").split(" ");
    const user = scheme === "Basic" ? Buffer.from(encoded, "base64").toString().split(":")[0] : undefined;
    if (user === undefined || `Basic ${Buffer.from(`${user}:x`).toString("base64")}` !== expectedAuth)
      return json(res, 401, { error: "invalid API key" });
    if (throttled > 0) {
      throttled--;
      requests.throttled++;
      res.writeHead(429, { "retry-after": String(retryAfter), "content-type": "text/plain" }).end("Too Many Requests");
      return;
    }
    const path = url.pathname.slice(root.length);
    // Request a custom report: POST /reports/custom?format=JSON, body { title, fields: [...] };
    // onlyCurrent=false includes former employees
    if (req.method === "POST" && path === "/reports/custom") {
      requests.report++;
      const body = JSON.parse((await readBody(req)) || "{}") as { title?: string; fields?: string[] };
      const fields = body.fields ?? ["id"];
      const onlyCurrent = url.searchParams.get("onlyCurrent") !== "false";
      return json(res, 200, {
        title: body.title ?? "Report",
        fields: fields.map((id) => ({ id, type: id.endsWith("Date") ? "date" : "text", name: id })),
        employees: employees.filter((e) => !onlyCurrent || e.status === "Active").map((e) => project(e, fields)),
      });
    }
    // Get changed employee ids: GET /employees/changed?since=<ISO 8601>, 400 without a valid since
    if (req.method === "GET" && path === "/employees/changed") {
      requests.changed++;
      const since = url.searchParams.get("since");
      if (!since || Number.isNaN(Date.parse(since)))
        return json(res, 400, { error: "since must be an ISO 8601 timestamp" });
      const changed = employees.filter((e) => Date.parse(e.lastChanged) >= Date.parse(since));
      const latest = changed.reduce<string | null>(
        (m, e) => (!m || Date.parse(e.lastChanged) > Date.parse(m) ? e.lastChanged : m),
        null,
      );
      return json(res, 200, {
        latest: latest ?? since,
        employees: Object.fromEntries(
          changed.map((e) => [
            e.id,
            {
              id: e.id,
              action: e.lastChanged.startsWith(e.hireDate) ? "Inserted" : "Updated",
              lastChanged: e.lastChanged,
            },
          ]),
        ),
      });
    }
    // Get employee: GET /employees/{id}?fields=a,b
    const one = /^\/employees\/(\d+)$/.exec(path);
    if (req.method === "GET" && one) {
      requests.employee++;
      const e = employees.find((x) => x.id === one[1]);
      if (!e) return json(res, 404, { error: "employee not found" });
      return json(res, 200, project(e, (url.searchParams.get("fields") ?? "firstName,lastName").split(",")));
    }
    return json(res, 404, { error: "unknown path" });
  }

  await new Promise<void>((done) => server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => done()));
  // a stand-in never keeps a process alive on its own (the demo exits when its stack stops)
  server.unref();
  const baseUrl = `http://${options.host ?? "127.0.0.1"}:${(server.address() as { port: number }).port}`;
  const touch = (e: BambooStandInEmployee) => {
    e.lastChanged = new Date().toISOString();
    return e;
  };
  const find = (id: string) => {
    const e = employees.find((x) => x.id === id);
    if (!e) throw new Error(`no employee ${id}`);
    return e;
  };
  return {
    baseUrl,
    subdomain,
    employees,
    requests,
    throttle(count, seconds) {
      throttled = count;
      retryAfter = seconds;
    },
    setLatency(ms) {
      latencyMs = ms;
    },
    expectedDaily: (from, to) =>
      dailyCounts(
        employees.map((e) => ({ hiredOn: e.hireDate, terminatedOn: e.terminationDate })),
        from,
        to,
      ),
    hire(fields) {
      const i = employees.length;
      const e: BambooStandInEmployee = {
        id: String(100 + i),
        firstName: `Given${i}`,
        lastName: `Family${i}`,
        status: "Active",
        employmentHistoryStatus: "Full-Time",
        terminationDate: null,
        lastChanged: "",
        ...fields,
      };
      employees.push(e);
      return touch(e);
    },
    move: (id, department) => touch(Object.assign(find(id), { department })),
    terminate: (id, terminationDate) =>
      touch(
        Object.assign(find(id), {
          terminationDate,
          status: "Inactive" as const,
          employmentHistoryStatus: "Terminated",
        }),
      ),
    async sendWebhook(url, type, employeeId, o = {}) {
      // Event-based webhook body (docs: webhooks): { type, timestamp, data: { companyId, employeeId, changedFields } }
      const body = JSON.stringify({
        type,
        timestamp: new Date().toISOString(),
        data: { companyId: 1, employeeId, changedFields: o.changedFields ?? [] },
      });
      const timestamp = String(o.timestamp ?? Math.floor(Date.now() / 1000));
      // X-BambooHR-Signature: hex HMAC-SHA256 of the raw body followed by the timestamp, keyed by the private key
      const key = o.forge ? `${options.webhookKey}-forged` : options.webhookKey;
      const signature = createHmac("sha256", key).update(body).update(timestamp).digest("hex");
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "x-bamboohr-signature": signature,
          "x-bamboohr-timestamp": timestamp,
        },
        body,
      });
      return { status: response.status, body: await response.text() };
    },
    close: () => new Promise<void>((done) => server.close(() => done()).closeAllConnections()),
  };
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((done, fail) => {
    let text = "";
    req.on("data", (c: Buffer) => (text += c.toString()));
    req.on("end", () => done(text));
    req.on("error", fail);
  });
}
