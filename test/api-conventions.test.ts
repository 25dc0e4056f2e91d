import { createApiToken, startApiServer } from "@hr-radar/api";
import pino from "pino";
import { beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { openTestDatabase, type TestDatabase } from "./support/database.ts";
import { lintOpenApi } from "./support/openapi-lint.ts";
import { mondayWeeksAgo, seedOrganisation } from "./support/seed.ts";

// The HTTP conventions of issue 15: RFC 9457 problems, RFC 3339 instants, cursor
// pagination, conditional reads, CORS, CSV downloads, the OpenAPI lint, the latency histogram.

const ALLOWED_ORIGIN = "https://intranet.example.org";
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let db: TestDatabase;
let url: string;
let token: string;
let alertA: number;
let alertB: number;
let close: () => Promise<void>;

beforeAll(async () => {
  const database = await openTestDatabase();
  db = database;
  ({ alertId: alertA } = await seedOrganisation(db.sql, { id: "acme", name: "Acme Corp", headcount: 180 }));
  ({ alertId: alertB } = await seedOrganisation(db.sql, { id: "globex", name: "Globex", headcount: 90 }));
  ({ token } = await createApiToken(db.client.db, { organisationId: "acme", name: "conventions" }));
  const api = await startApiServer({
    databaseUrl: db.url,
    host: "127.0.0.1",
    port: 0,
    logger: pino({ level: "silent" }),
    corsOrigins: [ALLOWED_ORIGIN],
  });
  url = api.url;
  close = () => api.close();
  return async () => {
    await close();
    await database.drop();
  };
});

const call = (path: string, init: RequestInit & { headers?: Record<string, string> } = {}) =>
  fetch(`${url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers } });
const acme = (path: string, init?: RequestInit & { headers?: Record<string, string> }) =>
  call(`/api/v1/organisations/acme${path}`, init);

/** The problem details of an answer, after checking its media type and RFC 9457 members. */
async function problemOf(response: Response, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const problem = (await response.json()) as {
    type: string;
    title: string;
    status: number;
    detail: string;
    instance: string;
    code: string;
    errors?: { in: string; name: string; detail: string; pointer?: string }[];
  };
  expect(problem).toMatchObject({
    type: expect.stringMatching(/^\/problems\/[a-z-]+$/),
    title: expect.any(String),
    status,
    detail: expect.any(String),
    instance: new URL(response.url).pathname,
  });
  expect(problem.type).toBe(`/problems/${problem.code}`);
  return problem;
}

describe("HTTP API conventions", () => {
  it("answers every error as RFC 9457 problem details: malformed JSON, 415, 405, bad dates, unknown parameters", async () => {
    const ack = `/alerts/${alertA}/acknowledge`;
    const json = { "content-type": "application/json" };
    const malformed = await problemOf(await acme(ack, { method: "POST", headers: json, body: '{"by": "Da' }), 400);
    expect(malformed).toMatchObject({ code: "bad-request", errors: [{ in: "body" }] });
    const invalid = await problemOf(await acme(ack, { method: "POST", headers: json, body: '{"by": 7}' }), 400);
    expect(invalid.errors).toEqual([expect.objectContaining({ in: "body", name: "by", pointer: "#/by" })]);
    const plain = await acme(ack, { method: "POST", headers: { "content-type": "text/plain" }, body: "by=Dana" });
    expect((await problemOf(plain, 415)).code).toBe("unsupported-media-type");

    const deleted = await acme("/alerts", { method: "DELETE" });
    expect(deleted.headers.get("allow")).toBe("GET, HEAD, OPTIONS");
    expect((await problemOf(deleted, 405)).code).toBe("method-not-allowed");
    const getAck = await acme(ack);
    expect(getAck.headers.get("allow")).toBe("POST, OPTIONS");
    await problemOf(getAck, 405);
    await problemOf(await call("/api/v1/nothing"), 404);

    const day = await problemOf(await acme("/headcount?from=2026-02-30"), 400);
    expect(day.errors).toEqual([{ in: "query", name: "from", detail: "expected a calendar date YYYY-MM-DD" }]);
    const order = await problemOf(await acme("/hr-team?from=2026-11-02&to=2026-10-01"), 400);
    expect(order).toMatchObject({ detail: "from: from 2026-11-02 is after to 2026-10-01", errors: [{ name: "from" }] });
    for (const path of [
      "/headcount?grian=week",
      "/alerts?staus=open",
      "/projections?foo=1",
      "?include=all",
      "/alerts/1?x=1",
    ]) {
      const unknown = await problemOf(await acme(path), 400);
      expect(unknown.errors?.[0], path).toMatchObject({ in: "query", detail: "unknown parameter" });
    }
    expect((await problemOf(await call("/api/v1/me?verbose=1"), 400)).errors?.[0]?.name).toBe("verbose");
    // a 401 is a problem too, with its challenge
    const anonymous = await fetch(`${url}/api/v1/me`);
    expect(anonymous.headers.get("www-authenticate")).toContain("Bearer");
    await problemOf(anonymous, 401);
  });

  it("writes instants as RFC 3339 in JSON and CSV, and serves one alert by id", async () => {
    const list = (await (await acme("/alerts")).json()) as { alerts: Record<string, string | null>[] };
    const [first] = list.alerts;
    expect(first?.openedAt).toMatch(RFC3339);
    expect(first?.updatedAt).toMatch(RFC3339);
    const one = await acme(`/alerts/${alertA}`);
    expect(one.status).toBe(200);
    expect(await one.json()).toEqual(first);
    const csv = await (await acme("/alerts?format=csv")).text();
    const [header, row] = csv.split("\r\n");
    const columns = header!.split(",");
    const cells = row!.match(/("([^"]|"")*"|[^,]*)(,|$)/g)!.map((cell) => cell.replace(/,$/, ""));
    expect(cells[columns.indexOf("openedAt")]).toMatch(RFC3339);
    expect(cells[columns.indexOf("openedAt")]).toBe(first?.openedAt);
    // another organisation's alert is not found through this organisation's path
    await problemOf(await acme(`/alerts/${alertB}`), 404);
  });

  it("names HR-team periods as the other trends do, with one CSV column per function", async () => {
    const team = (await (await acme(`/hr-team?from=${mondayWeeksAgo(12)}`)).json()) as { rows: object[] };
    expect(team.rows.at(-1)).toEqual({
      period: "2026-W45",
      periodStart: mondayWeeksAgo(0),
      asOfDay: mondayWeeksAgo(0),
      generalists: 2,
      specialists: { payroll: 1 },
    });
    const csv = (await (await acme(`/hr-team?format=csv&from=${mondayWeeksAgo(0)}`)).text()).split("\r\n");
    expect(csv[0]).toMatch(/^period,periodStart,asOfDay,generalists,specialists\.recruiting,.*specialists\.payroll/);
    expect(csv[0]).not.toContain("{");
    expect(csv[1]).toMatch(/^2026-W45,2026-11-02,2026-11-02,2,/);
  });

  it("pages every list by cursor in a stable order, with a next link and a Link header", async () => {
    const walk = async (first: string, field: "rows" | "alerts") => {
      const seen: unknown[] = [];
      let path: string | null = first;
      let pages = 0;
      while (path !== null) {
        const response = await call(path);
        expect(response.status, path).toBe(200);
        const body = (await response.json()) as { next: string | null } & Record<string, unknown[]>;
        expect(response.headers.get("link")).toBe(body.next === null ? null : `<${body.next}>; rel="next"`);
        seen.push(...body[field]!);
        path = body.next;
        pages += 1;
        // between the first and second page a row is written before the cursor: it must not shift the rest
        if (pages === 1 && field === "rows")
          await db.sql`insert into function_load_weekly (organisation_id, hr_function, week_start, tickets_opened,
                         tickets_resolved, tickets_escalated, handling_minutes, resolved_without_minutes, backlog_at_week_end)
                       values ('acme', 'benefits', ${mondayWeeksAgo(20)}, 1, 1, 0, 60, 0, 0)`;
      }
      return { seen, pages };
    };
    const from = mondayWeeksAgo(12);
    const whole = (await (await acme(`/function-load?from=${from}&limit=2000`)).json()) as { rows: object[] };
    expect(whole.rows).toHaveLength(26); // 13 weeks x benefits, payroll
    const paged = await walk(`/api/v1/organisations/acme/function-load?from=${from}&limit=4`, "rows");
    expect(paged.pages).toBe(7);
    expect(paged.seen).toEqual(whole.rows);
    await db.sql`delete from function_load_weekly where organisation_id = 'acme' and week_start = ${mondayWeeksAgo(20)}`;

    for (let i = 0; i < 4; i++)
      await db.sql`insert into alerts (organisation_id, hr_function, rule_id, rule_version, status, recommendation,
                      severity, fired_rules, summary, evidence, opened_at, updated_at)
                    select organisation_id, ${`fn-${i}`}, rule_id, rule_version, status, recommendation, severity,
                           fired_rules, summary, evidence, opened_at, now()
                    from alerts where alert_id = ${alertA}`;
    const alerts = await walk("/api/v1/organisations/acme/alerts?limit=2", "alerts");
    expect(alerts.pages).toBe(3);
    const ids = alerts.seen.map((a) => (a as { alertId: number }).alertId);
    expect(ids).toHaveLength(5);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));

    const firstPage = (await (await acme("/headcount?limit=1")).json()) as { next: string };
    const cursor = new URL(firstPage.next, url).searchParams.get("cursor")!;
    const replayed = await problemOf(await acme(`/headcount?grain=month&limit=1&cursor=${cursor}`), 400);
    expect(replayed.errors?.[0]).toMatchObject({ name: "cursor", detail: expect.stringContaining("another query") });
    await problemOf(await acme("/headcount?cursor=forged"), 400);
    await problemOf(await acme("/headcount?limit=2001"), 400);
    await problemOf(await acme("/headcount?limit=0"), 400);
  });

  it("tags reads with an ETag and Cache-Control, and answers If-None-Match with 304", async () => {
    const first = await acme("/headcount?grain=month");
    const etag = first.headers.get("etag");
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(first.headers.get("cache-control")).toBe("private, no-cache");
    expect(first.headers.get("vary")).toMatch(/Authorization/);
    const again = await acme("/headcount?grain=month", { headers: { "if-none-match": etag! } });
    expect(again.status).toBe(304);
    expect(again.headers.get("etag")).toBe(etag);
    expect(again.headers.get("cache-control")).toBe("private, no-cache");
    expect(await again.text()).toBe("");
    // a change to the data is a new ETag, and the old one no longer matches
    await db.sql`update headcount_daily set headcount = headcount + 1 where organisation_id = 'acme'`;
    const changed = await acme("/headcount?grain=month", { headers: { "if-none-match": etag! } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    // errors are never cached
    const refused = await acme("/headcount?grain=year");
    expect(refused.headers.get("etag")).toBeNull();
    expect(refused.headers.get("cache-control")).toBe("no-store");
  });

  it("answers CORS preflights for allowed origins without authentication, and none for others", async () => {
    const preflight = (origin: string) =>
      fetch(`${url}/api/v1/organisations/acme/alerts`, {
        method: "OPTIONS",
        headers: {
          origin,
          "access-control-request-method": "GET",
          "access-control-request-headers": "authorization",
        },
      });
    const allowed = await preflight(ALLOWED_ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
    expect(allowed.headers.get("access-control-allow-headers")?.toLowerCase()).toContain("authorization");
    expect(allowed.headers.get("access-control-allow-methods")).toContain("GET");
    const other = await preflight("https://evil.example.com");
    expect(other.headers.get("access-control-allow-origin")).toBeNull();
    const read = await acme("/alerts", { headers: { origin: ALLOWED_ORIGIN } });
    expect(read.status).toBe(200);
    expect(read.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
    expect(read.headers.get("access-control-expose-headers")).toMatch(/ETag.*Link/);
  });

  it("serves CSV as a named download, with a UTF-8 BOM on request", async () => {
    const plain = await acme(`/headcount?format=csv&from=${mondayWeeksAgo(0)}`);
    expect(plain.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(plain.headers.get("content-disposition")).toBe('attachment; filename="acme-headcount-week.csv"');
    const bytes = new Uint8Array(await plain.arrayBuffer());
    expect([...bytes.slice(0, 6)]).toEqual([..."period"].map((ch) => ch.charCodeAt(0)));
    const bom = await acme(`/function-load?format=csv&bom=true&grain=month`);
    expect(bom.headers.get("content-disposition")).toBe('attachment; filename="acme-function-load-month.csv"');
    expect([...new Uint8Array(await bom.arrayBuffer()).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it("publishes an OpenAPI document that Redocly's recommended rules pass, with servers, license and operation ids", async () => {
    const doc = (await (await fetch(`${url}/openapi.json`)).json()) as {
      info: { license?: object };
      servers?: { url: string }[];
      paths: Record<string, Record<string, { operationId?: string; tags?: string[]; description?: string }>>;
    };
    expect(doc.info.license).toMatchObject({ identifier: "Apache-2.0" });
    expect(doc.servers?.[0]?.url).toBe(url);
    const operations = Object.values(doc.paths).flatMap((methods) => Object.values(methods));
    expect(operations.length).toBeGreaterThanOrEqual(9);
    for (const op of operations) {
      expect(op.operationId).toMatch(/^[a-z][A-Za-z]+$/);
      expect(op.tags?.length).toBeGreaterThan(0);
      expect(op.description).toBeTruthy();
    }
    expect(doc.paths["/api/v1/organisations/{organisationId}/alerts/{alertId}"]?.get?.operationId).toBe("getAlert");
    expect(JSON.stringify(doc.paths)).toContain('"415"');
    const lint = await lintOpenApi(doc);
    expect(lint.problems).toEqual([]);
    expect(lint.errors).toBe(0);
  });

  it("exports the request-latency histogram by route pattern and status", async () => {
    await acme("/headcount");
    await acme("/alerts", { method: "DELETE" });
    const metrics = await (await fetch(`${url}/metrics`)).text();
    expect(metrics).toContain("# TYPE hr_radar_http_request_duration_seconds histogram");
    /** The value of a series of the histogram with these labels (any order), or undefined. */
    const series = (name: string, labels: string[]) =>
      metrics
        .split("\n")
        .find(
          (line) =>
            line.startsWith(`hr_radar_http_request_duration_seconds_${name}{`) && labels.every((l) => line.includes(l)),
        )
        ?.split(" ")[1];
    const headcount = ['method="GET"', 'route="/api/v1/organisations/:organisationId/headcount"', 'status="200"'];
    expect(Number(series("count", headcount))).toBeGreaterThanOrEqual(1);
    expect(series("bucket", [...headcount, 'le="+Inf"'])).toBe(series("count", headcount));
    expect(Number(series("count", ['method="DELETE"', 'route="unmatched"', 'status="405"']))).toBeGreaterThanOrEqual(1);
    expect(metrics).not.toMatch(/route="\/api\/v1\/organisations\/acme/);
  });
});

// The same conventions hold without CORS configured: no origin is allowed.
describe("HTTP API without CORS origins", () => {
  it("answers a preflight without allowing the origin", async () => {
    const api = await startApiServer({
      databaseUrl: db.url,
      host: "127.0.0.1",
      port: 0,
      logger: pino({ level: "silent" }),
    });
    onTestFinished(() => api.close());
    const response = await fetch(`${api.url}/api/v1/me`, {
      method: "OPTIONS",
      headers: { origin: ALLOWED_ORIGIN, "access-control-request-method": "GET" },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
  });
});
