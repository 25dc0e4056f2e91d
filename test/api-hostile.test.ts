import { createApiToken, startApiServer } from "@hr-radar/api";
import pino from "pino";
import { describe, expect, it, onTestFinished } from "vitest";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";
import { seedOrganisation } from "./support/seed.ts";

// Hostile and careless HTTP input (issue 12): every answer is an exact status, never a 500.

interface Stack {
  db: TestDatabase;
  url: string;
  tokenA: string;
  alertA: number;
  alertB: number;
}

/** Two organisations, a token for the first, the API on a free port. */
async function apiStack(options: { authFailuresPerMinute?: number } = {}): Promise<Stack> {
  const db = await createTestDatabase();
  const { alertId: alertA } = await seedOrganisation(db.sql, { id: "acme", name: "Acme Corp", headcount: 180 });
  const { alertId: alertB } = await seedOrganisation(db.sql, { id: "globex", name: "Globex", headcount: 90 });
  const { token: tokenA } = await createApiToken(db.client.db, { organisationId: "acme", name: "acme-test" });
  const api = await startApiServer({
    databaseUrl: db.url,
    host: "127.0.0.1",
    port: 0,
    logger: pino({ level: "silent" }),
    ...options,
  });
  onTestFinished(() => api.close());
  return { db, url: api.url, tokenA, alertA, alertB };
}

const get = (s: Stack, path: string, token = s.tokenA) =>
  fetch(`${s.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
const post = (s: Stack, path: string, body: string | ReadableStream<Uint8Array>, token = s.tokenA) =>
  fetch(`${s.url}${path}`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body,
    duplex: "half",
  } as RequestInit);
/** The problem details of an error answer (RFC 9457), as `code` and `message` (its `detail`). */
const errorOf = async (response: Response) => {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const problem = (await response.json()) as { code: string; detail: string };
  return { code: problem.code, message: problem.detail };
};

describe("HTTP API under hostile input", () => {
  it("refuses a body over 64 KiB with 413 before parsing it, with or without a content-length", async () => {
    const s = await apiStack();
    const path = `/api/v1/organisations/acme/alerts/${s.alertA}/acknowledge`;
    const big = JSON.stringify({ by: "x".repeat(100 * 1024) });
    const sized = await post(s, path, big);
    expect(sized.status).toBe(413);
    expect(await errorOf(sized)).toMatchObject({ code: "payload-too-large" });
    const chunks = [big.slice(0, 40_000), big.slice(40_000)];
    const streamed = await post(
      s,
      path,
      new ReadableStream({
        pull(controller) {
          const next = chunks.shift();
          if (next === undefined) controller.close();
          else controller.enqueue(new TextEncoder().encode(next));
        },
      }),
    );
    expect(streamed.status).toBe(413);
    const [alert] = await s.db.sql`select status from alerts where alert_id = ${s.alertA}`;
    expect(alert?.status).toBe("open");
    // just under the limit is read (and refused for what it says, not for its size)
    expect((await post(s, path, JSON.stringify({ by: "x".repeat(60 * 1024) }))).status).toBe(400);
  });

  it("answers 400 naming the field for impossible calendar dates on every dated route", async () => {
    const s = await apiStack();
    for (const route of ["headcount", "function-load", "hr-team"]) {
      for (const [query, field] of [
        ["from=2026-02-30", "from"],
        ["to=2026-13-45", "to"],
        ["from=2025-02-29&to=2026-11-02", "from"],
        ["from=2026-04-31", "from"],
      ] as const) {
        const response = await get(s, `/api/v1/organisations/acme/${route}?${query}`);
        expect(response.status, `${route}?${query}`).toBe(400);
        expect(await errorOf(response)).toMatchObject({
          code: "bad-request",
          message: expect.stringMatching(new RegExp(`^${field}: `)),
        });
      }
    }
    // a real leap day is a date
    expect((await get(s, "/api/v1/organisations/acme/headcount?from=2024-02-29")).status).toBe(200);
  });

  it("answers 400 naming the field for a NUL character in a path, query or body value", async () => {
    const s = await apiStack();
    const cases: [Promise<Response>, string][] = [
      [get(s, "/api/v1/organisations/ac%00me"), "organisationId"],
      [get(s, "/api/v1/organisations/%00/alerts"), "organisationId"],
      [get(s, "/api/v1/organisations/acme/headcount?from=2026-10-01%00"), "from"],
      [get(s, "/api/v1/organisations/acme/alerts?status=%00"), "status"],
      [get(s, "/api/v1/organisations/acme/function-load?function=payroll%00"), "function"],
      [post(s, `/api/v1/organisations/acme/alerts/${s.alertA}%00/acknowledge`, '{"by":"x"}'), "alertId"],
      [post(s, `/api/v1/organisations/acme/alerts/${s.alertA}/acknowledge`, '{"by":"Da\\u0000na"}'), "by"],
    ];
    for (const [pending, field] of cases) {
      const response = await pending;
      expect(response.status, field).toBe(400);
      expect((await errorOf(response)).message).toMatch(new RegExp(`^${field}: `));
    }
    const [alert] = await s.db.sql`select status from alerts where alert_id = ${s.alertA}`;
    expect(alert?.status).toBe("open");
  });

  it("escapes formula injection in CSV, including what starts like a negative number", async () => {
    const s = await apiStack();
    const payload = "-1+1+cmd|' /C calc'!A0";
    const ack = await post(
      s,
      `/api/v1/organisations/acme/alerts/${s.alertA}/acknowledge`,
      JSON.stringify({ by: payload }),
    );
    expect(ack.status).toBe(200);
    const csv = await get(s, "/api/v1/organisations/acme/alerts?status=all&format=csv");
    expect(csv.status).toBe(200);
    const [, row] = (await csv.text()).split("\r\n");
    expect(row).toContain(`,'${payload},`);
    expect(row).not.toMatch(/,-1\+1/);
  });

  it("answers 429 with Retry-After to an address that keeps failing, before asking the database", async () => {
    const s = await apiStack({ authFailuresPerMinute: 5 });
    // successful requests are not limited
    for (let i = 0; i < 30; i++) expect((await get(s, "/api/v1/me")).status).toBe(200);
    const made = (i: number) => `hrr_made-up-${i}`;
    for (let i = 0; i < 5; i++) expect((await get(s, "/api/v1/me", made(i))).status).toBe(401);
    const limited = await Promise.all(Array.from({ length: 50 }, (_, i) => get(s, "/api/v1/me", made(100 + i))));
    expect(limited.map((r) => r.status)).toEqual(Array(50).fill(429));
    const retryAfter = Number(limited[0]?.headers.get("retry-after"));
    // 5 a minute: one attempt comes back every 12 s
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(12);
    expect(await errorOf(limited[0]!)).toMatchObject({ code: "too-many-requests" });
    // even a valid token is refused now: the limit is checked before the token is looked up
    expect((await get(s, "/api/v1/me")).status).toBe(429);
    // a missing or malformed header counts as a failure too, and is refused the same way
    expect((await fetch(`${s.url}/api/v1/me`)).status).toBe(429);
  });

  it("answers 401 to an expired token and 200 to one not yet expired", async () => {
    const s = await apiStack();
    const db = s.db.client.db;
    const past = new Date(Date.now() - 1000).toISOString();
    const future = new Date(Date.now() + 3_600_000).toISOString();
    const { token: expired } = await createApiToken(db, { organisationId: "acme", name: "old", expiresAt: past });
    const { token: current } = await createApiToken(db, { organisationId: "acme", name: "new", expiresAt: future });
    const refused = await get(s, "/api/v1/me", expired);
    expect(refused.status).toBe(401);
    expect(await errorOf(refused)).toMatchObject({ code: "unauthorized", message: expect.stringContaining("expired") });
    expect((await get(s, "/api/v1/me", current)).status).toBe(200);
    await s.db.sql`update api_tokens set expires_at = now() - interval '1 second' where name = 'new'`;
    expect((await get(s, "/api/v1/me", current)).status).toBe(401);
  });

  it("answers 403 to a token of one organisation on every route of the OpenAPI document", async () => {
    const s = await apiStack();
    const doc = (await (await fetch(`${s.url}/openapi.json`)).json()) as { paths: Record<string, object> };
    const routes = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => [m, path]));
    expect(routes.length).toBeGreaterThanOrEqual(8);
    const unscoped = routes.filter(([, path]) => !path!.includes("{organisationId}")).map(([m, p]) => `${m} ${p}`);
    expect(unscoped).toEqual(["get /api/v1/me"]); // it reads the token's own scope, nothing else
    for (const [method, template] of routes) {
      if (!template!.includes("{organisationId}")) continue;
      const path = template!.replace("{organisationId}", "globex").replace("{alertId}", String(s.alertB));
      for (const query of ["", "?status=all&format=csv&from=2026-01-01&to=2026-11-30&grain=month"]) {
        const response =
          method === "post"
            ? await post(s, `${path}${query}`, JSON.stringify({ by: "intruder" }))
            : await get(s, `${path}${query}`);
        expect(response.status, `${method} ${path}${query}`).toBe(403);
        const body = await response.text();
        expect(body).not.toContain("Globex");
        expect(JSON.parse(body)).toMatchObject({ code: "forbidden", status: 403 });
      }
    }
    const [b] = await s.db.sql`select status from alerts where alert_id = ${s.alertB}`;
    expect(b?.status).toBe("open");
  });
});
