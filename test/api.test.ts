import { createApiToken, startApiServer } from "@hr-radar/api";
import { Validator } from "@seriousme/openapi-schema-validator";
import pino from "pino";
import { describe, expect, it, onTestFinished } from "vitest";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";
import { mondayWeeksAgo, seedOrganisation } from "./support/seed.ts";

interface Stack {
  db: TestDatabase;
  url: string;
  tokenA: string;
  tokenB: string;
  alertA: number;
  alertB: number;
}

/** Two organisations in one database, a token for each, the API on a free port. */
async function apiStack(): Promise<Stack> {
  const db = await createTestDatabase();
  const { alertId: alertA } = await seedOrganisation(db.sql, { id: "acme", name: "Acme Corp", headcount: 180 });
  const { alertId: alertB } = await seedOrganisation(db.sql, {
    id: "globex",
    name: "Globex Secret Project",
    headcount: 90,
  });
  const { token: tokenA } = await createApiToken(db.client.db, { organisationId: "acme", name: "acme-test" });
  const { token: tokenB } = await createApiToken(db.client.db, { organisationId: "globex", name: "globex-test" });
  const api = await startApiServer({
    databaseUrl: db.url,
    host: "127.0.0.1",
    port: 0,
    logger: pino({ level: "silent" }),
  });
  onTestFinished(() => api.close());
  return { db, url: api.url, tokenA, tokenB, alertA, alertB };
}

const get = (s: Stack, path: string, token: string | null = s.tokenA, headers: Record<string, string> = {}) =>
  fetch(`${s.url}${path}`, {
    headers: { ...(token === null ? {} : { authorization: `Bearer ${token}` }), ...headers },
  });

describe("HTTP API", () => {
  it("answers 401 without a token, with a malformed one, with a wrong or revoked one", async () => {
    const s = await apiStack();
    const missing = await get(s, "/api/v1/organisations/acme/alerts", null);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toContain("Bearer");
    expect(missing.headers.get("content-type")).toBe("application/problem+json");
    expect(await missing.json()).toMatchObject({
      type: "/problems/unauthorized",
      status: 401,
      code: "unauthorized",
      detail: expect.stringContaining("hr-radar token create"),
      instance: "/api/v1/organisations/acme/alerts",
    });
    expect((await fetch(`${s.url}/api/v1/me`, { headers: { authorization: "Basic abc" } })).status).toBe(401);
    const wrong = await get(s, "/api/v1/organisations/acme/alerts", `${s.tokenA}x`);
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(await wrong.json())).not.toContain("Acme");
    await s.db.sql`update api_tokens set revoked_at = now() where organisation_id = 'globex'`;
    expect((await get(s, "/api/v1/me", s.tokenB)).status).toBe(401);
    // only a hash is stored: the token itself appears nowhere in the table
    const stored = await s.db.sql`select * from api_tokens`;
    expect(JSON.stringify(stored)).not.toContain(s.tokenA);
  });

  it("answers 403 for another organisation's rows on every route, and leaks nothing of them", async () => {
    const s = await apiStack();
    const paths = [
      "",
      "/headcount",
      "/function-load",
      "/hr-team",
      "/alerts",
      "/alerts?status=all&format=csv",
      "/projections",
    ];
    for (const path of paths) {
      for (const org of ["globex", "no-such-org"]) {
        const r = await get(s, `/api/v1/organisations/${org}${path}`);
        // the problem's instance is the path the client sent; nothing else may name the other organisation
        const { instance, ...problem } = (await r.json()) as { instance: string };
        expect(r.status, `${org}${path}`).toBe(403);
        expect(instance).toBe(`/api/v1/organisations/${org}${path.split("?")[0]}`);
        expect(JSON.stringify(problem)).not.toMatch(/Globex|benefits|headcount/i);
      }
    }
    const ack = await fetch(`${s.url}/api/v1/organisations/globex/alerts/${s.alertB}/acknowledge`, {
      method: "POST",
      headers: { authorization: `Bearer ${s.tokenA}`, "content-type": "application/json" },
      body: JSON.stringify({ by: "mallory" }),
    });
    expect(ack.status).toBe(403);
    // and via its own organisation's path, the other organisation's alert id is not found
    const sneaky = await fetch(`${s.url}/api/v1/organisations/acme/alerts/${s.alertB}/acknowledge`, {
      method: "POST",
      headers: { authorization: `Bearer ${s.tokenA}`, "content-type": "application/json" },
      body: JSON.stringify({ by: "mallory" }),
    });
    expect(sneaky.status).toBe(404);
    const [b] = await s.db.sql`select status from alerts where alert_id = ${s.alertB}`;
    expect(b?.status).toBe("open");
  });

  it("serves its organisation's trends, alerts and projections as JSON and CSV", async () => {
    const s = await apiStack();
    expect(await (await get(s, "/api/v1/me")).json()).toEqual({ organisationId: "acme", tokenName: "acme-test" });
    const overview = await (await get(s, "/api/v1/organisations/acme")).json();
    expect(overview).toMatchObject({
      name: "Acme Corp",
      latest: { headcount: 192 },
      hrTeam: { generalists: 2, specialists: { payroll: 1 } },
      thresholds: { specialistRaiseFte: 0.8 },
      trends: { current: true, quarantinedSince: null, reason: null },
    });
    await s.db
      .sql`insert into trend_refresh_quarantine (scope, organisation_id, error, first_failed_at, retry_at, failed_version)
                   values ('function-load', 'acme', 'integer out of range', '2026-11-01T08:00:00Z', now(), 1)`;
    expect(((await (await get(s, "/api/v1/organisations/acme")).json()) as { trends: unknown }).trends).toEqual({
      current: false,
      quarantinedSince: "2026-11-01T08:00:00.000Z",
      reason: "integer out of range",
    });
    await s.db.sql`delete from trend_refresh_quarantine`;

    const weekly = (await (
      await get(s, `/api/v1/organisations/acme/headcount?from=${mondayWeeksAgo(2)}&to=${mondayWeeksAgo(0)}`)
    ).json()) as { rows: { period: string; headcount: number; hires: number }[] };
    expect(weekly.rows.map((r) => r.period)).toEqual(["2026-W43", "2026-W44", "2026-W45"]);
    expect(weekly.rows.map((r) => [r.headcount, r.hires])).toEqual([
      [190, 1],
      [191, 1],
      [192, 1],
    ]);
    const monthly = (await (
      await get(s, "/api/v1/organisations/acme/headcount?grain=month&from=2026-09-01&to=2026-10-31")
    ).json()) as { rows: { period: string }[] };
    expect(monthly.rows.map((r) => r.period)).toEqual(["2026-09", "2026-10"]);

    const load = (await (
      await get(s, `/api/v1/organisations/acme/function-load?function=benefits&from=${mondayWeeksAgo(0)}`)
    ).json()) as { thresholdFte: number; rows: { loadFte: number; handlingHours: number }[] };
    // 1,200 + 12 x 60 minutes = 32 h in the last week; one FTE absorbs 30 h x 0.85 = 25.5 h
    expect(load.thresholdFte).toBe(0.8);
    expect(load.rows).toHaveLength(1);
    expect(load.rows[0]).toMatchObject({ handlingHours: 32, loadFte: 1.255 });

    const csv = await get(
      s,
      `/api/v1/organisations/acme/headcount?format=csv&from=${mondayWeeksAgo(1)}&to=${mondayWeeksAgo(0)}`,
    );
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect(await csv.text()).toBe(
      "period,periodStart,headcount,hires,terminations,openRequisitions,complete\r\n2026-W44,2026-10-26,191,1,0,5,true\r\n2026-W45,2026-11-02,192,1,0,5,true\r\n",
    );
    const accept = await get(s, "/api/v1/organisations/acme/alerts", s.tokenA, { accept: "text/csv" });
    expect((await accept.text()).split("\r\n")[0]).toBe(
      "alertId,hrFunction,ruleId,status,recommendation,severity,summary,openedAt,updatedAt,acknowledgedBy,evidence,reasons",
    );

    const alerts = (await (await get(s, "/api/v1/organisations/acme/alerts")).json()) as {
      alerts: { alertId: number; organisationId: string; evidence: object; reasons: unknown[] }[];
    };
    expect(alerts.alerts.map((a) => a.organisationId)).toEqual(["acme"]);
    expect(alerts.alerts[0]?.evidence).toMatchObject({ averageFte: 0.95 });
    // one alert per function; its reasons are listed (none on this hand-seeded row)
    expect(Array.isArray(alerts.alerts[0]?.reasons)).toBe(true);

    // as of the Monday after the seeded weeks, as an analysis then would see them (the
    // projections are the load-forecast rule's, read from complete weeks up to `at`)
    const projections = (await (
      await get(s, "/api/v1/organisations/acme/projections?at=2026-11-09T06:00:00Z")
    ).json()) as {
      projections: { hrFunction: string; weeksToCrossing: number | null; slopeFtePerWeek: number }[];
    };
    const benefits = projections.projections.find((p) => p.hrFunction === "benefits");
    expect(benefits?.weeksToCrossing).toBe(0);
    expect(benefits?.slopeFtePerWeek).toBeCloseTo(60 / 60 / 25.5, 3);
    expect(projections.projections.find((p) => p.hrFunction === "payroll")?.weeksToCrossing).toBeNull();
  });

  it("acknowledges an open alert once, records who, and refuses a second time", async () => {
    const s = await apiStack();
    const ack = (body: unknown) =>
      fetch(`${s.url}/api/v1/organisations/acme/alerts/${s.alertA}/acknowledge`, {
        method: "POST",
        headers: { authorization: `Bearer ${s.tokenA}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
    expect((await ack({})).status).toBe(400);
    const first = await ack({ by: "Dana" });
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({ alertId: s.alertA, status: "acknowledged", acknowledgedBy: "Dana" });
    expect((await ack({ by: "Dana" })).status).toBe(409);
    const history = await s.db.sql`select change, actor from alert_history where alert_id = ${s.alertA}`;
    expect(history).toEqual([{ change: "acknowledged", actor: "Dana" }]);
  });

  it("explains bad parameters with 400 and unknown routes with 404", async () => {
    const s = await apiStack();
    const badGrain = await get(s, "/api/v1/organisations/acme/headcount?grain=year");
    expect(badGrain.status).toBe(400);
    expect(await badGrain.json()).toMatchObject({
      code: "bad-request",
      detail: expect.stringMatching(/^grain: /),
      errors: [{ in: "query", name: "grain", detail: expect.any(String) }],
    });
    const badDate = await get(s, "/api/v1/organisations/acme/headcount?from=last-week");
    expect(badDate.status).toBe(400);
    expect((await get(s, "/api/v1/organisations/acme/function-load?function=astrology")).status).toBe(400);
    expect((await get(s, "/api/v2/nothing")).status).toBe(404);
  });

  it("publishes a valid OpenAPI 3.1 document covering every route, and ops endpoints", async () => {
    const s = await apiStack();
    const doc = (await (await fetch(`${s.url}/openapi.json`)).json()) as {
      paths: Record<string, unknown>;
      components: { securitySchemes: object };
    };
    const result = await new Validator().validate(doc as Parameters<Validator["validate"]>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(Object.keys(doc.paths).sort()).toEqual([
      "/api/v1/me",
      "/api/v1/organisations/{organisationId}",
      "/api/v1/organisations/{organisationId}/alerts",
      "/api/v1/organisations/{organisationId}/alerts/{alertId}",
      "/api/v1/organisations/{organisationId}/alerts/{alertId}/acknowledge",
      "/api/v1/organisations/{organisationId}/function-load",
      "/api/v1/organisations/{organisationId}/headcount",
      "/api/v1/organisations/{organisationId}/hr-team",
      "/api/v1/organisations/{organisationId}/projections",
    ]);
    expect(doc.components.securitySchemes).toHaveProperty("bearerAuth");
    const chart = await fetch(`${s.url}/dashboard/vendor/chart.umd.js`);
    expect(chart.status).toBe(200);
    expect(chart.headers.get("content-type")).toContain("javascript");
    expect(await chart.text()).toContain("Chart");
    expect((await fetch(`${s.url}/dashboard/../../package.json`)).status).toBe(404);
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${s.url}/readyz`)).status).toBe(200);
    await get(s, "/api/v1/me");
    expect(await (await fetch(`${s.url}/metrics`)).text()).toMatch(
      /hr_radar_api_requests_total\{method="GET",route="\/api\/v1\/me",status="200",service="api"\} 1/,
    );
  });
});
