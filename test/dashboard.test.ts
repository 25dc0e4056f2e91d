import { mkdir, stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { createApiToken, startApiServer } from "@hr-radar/api";
import pino from "pino";
import type { Page } from "playwright-core";
import { describe, expect, it, onTestFinished } from "vitest";
import { collectPageErrors, openBrowser } from "./support/browser.ts";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";
import { mondayWeeksAgo, seedOrganisation } from "./support/seed.ts";

// The dashboard, opened in a real headless Chromium against the real API and a seeded
// Postgres. Debian's `chromium` is driven by playwright-core, which never downloads a
// browser; infra/toolchain.sh installs it when run as root.

const SCREENSHOT = resolve(import.meta.dirname, "../test-results/dashboard.png");
const RESULTS = resolve(import.meta.dirname, "../test-results");
const ORG = { id: "northwind", name: "Northwind Traders", headcount: 118 };

/** A load-forecast alert's evidence, in the shape the rules write it. */
function forecastEvidence() {
  const weeks = Array.from({ length: 8 }, (_, i) => mondayWeeksAgo(7 - i));
  return {
    metric: "projected_uncovered_load_fte",
    unit: "fte",
    window: { start: weeks[0], end: weeks[7], weeks: 8 },
    values: weeks.map((weekStart, i) => ({ weekStart, value: 0.5 + i * 0.02 })),
    average: 0.57,
    latest: 0.64,
    thresholds: null,
    sustain: null,
    trend: { slopePerWeek: 0.02, rSquared: 0.97, weeks: 13, direction: "rising" },
    projection: {
      basis: "load-trend",
      expectedDate: "2026-12-14",
      weeksAhead: 6,
      currentValue: 0.64,
      projectedValue: 0.81,
      threshold: 0.8,
      horizonWeeks: 52,
      plan: null,
    },
    handlingTime: null,
    cost: null,
    organisation: {
      headcount: 130,
      sizeBand: "mid",
      sizeBandHeadcount: 128,
      industry: "technology",
      generalists: 2,
      specialists: { payroll: 1 },
      hrStaffPer100: 2.31,
      hrRatioBenchmark: { lowPer100: 1, highPer100: 1.5 },
      budgetMode: "standard",
    },
    details: { specialistsInPost: 0 },
  };
}

interface Stack {
  db: TestDatabase;
  url: string;
  token: string;
  /** The seeded sustained-load alert on benefits. */
  benefitsAlertId: number;
  /** A load-forecast alert on compliance, with the rules' full evidence shape. */
  forecastAlertId: number;
}

/** A seeded organisation with two open alerts, a token for it, and the API on a free port. */
async function dashboardStack(): Promise<Stack> {
  const db = await createTestDatabase();
  const { alertId: benefitsAlertId } = await seedOrganisation(db.sql, ORG);
  const [forecast] = await db.sql<{ alert_id: number }[]>`
    insert into alerts (organisation_id, hr_function, rule_id, rule_version, status, recommendation, severity, fired_rules,
                        summary, evidence, opened_at, updated_at)
    values (${ORG.id}, 'compliance', 'load-forecast', 1, 'open', 'plan_specialist', 'low',
            ${JSON.stringify([{ ruleId: "load-forecast", version: 1 }])}::jsonb,
            'Compliance load is 0.57 FTE now and is projected to reach 0.8 FTE in the week of 2026-12-14: plan a compliance specialist before then.',
            ${JSON.stringify(forecastEvidence())}::jsonb, now(), now())
    returning alert_id`;
  const { token } = await createApiToken(db.client.db, { organisationId: ORG.id, name: "dashboard-test" });
  const api = await startApiServer({
    databaseUrl: db.url,
    host: "127.0.0.1",
    port: 0,
    logger: pino({ level: "silent" }),
  });
  onTestFinished(() => api.close());
  return { db, url: api.url, token, benefitsAlertId, forecastAlertId: Number(forecast!.alert_id) };
}

/** A chart's data as Chart.js holds it (the test is compiled without the DOM library). */
interface ChartSnapshot {
  labels: unknown[];
  datasets: { label: string; data: number[] }[];
}
interface ChartGlobal {
  getChart(canvasId: string): { data: ChartSnapshot } | undefined;
}

const chartData = (page: Page, canvasId: string): Promise<ChartSnapshot | null> =>
  page.evaluate((id) => {
    const chart = (globalThis as unknown as { Chart: ChartGlobal }).Chart.getChart(id);
    if (!chart) return null;
    return {
      labels: chart.data.labels,
      datasets: chart.data.datasets.map((d) => ({ label: d.label, data: [...d.data] })),
    };
  }, canvasId);

/** A reason in the v2 shape the alerts package writes. */
function reasonOf(ruleId: string, recommendation: string, summary: string, evidence: Record<string, unknown>) {
  return {
    ruleId,
    ruleVersion: 1,
    recommendation,
    severity: "medium",
    summary,
    evidence,
    firedRules: [{ ruleId, version: 1 }],
  };
}

/** Inserts an open recommendation with its reasons (the lead first); answers its id. */
async function insertRecommendation(
  s: Stack,
  hrFunction: string,
  recommendation: string,
  reasons: ReturnType<typeof reasonOf>[],
  openedAt = "2026-10-05T06:00:00Z",
): Promise<number> {
  const lead = reasons[0]!;
  const [row] = await s.db.sql<{ alert_id: number }[]>`
    insert into alerts (organisation_id, hr_function, rule_id, rule_version, status, recommendation, severity,
                        fired_rules, summary, evidence, reasons, opened_at, updated_at)
    values (${ORG.id}, ${hrFunction}, ${lead.ruleId}, 1, 'open', ${recommendation}, 'medium',
            ${JSON.stringify(reasons.map((r) => ({ ruleId: r.ruleId, version: 1 })))}::jsonb,
            ${lead.summary}, ${JSON.stringify(lead.evidence)}::jsonb, ${JSON.stringify(reasons)}::jsonb,
            ${openedAt}, now())
    returning alert_id`;
  return Number(row!.alert_id);
}

/** Weekly values and thresholds as judgeWindow writes them. */
function windowEvidence(metric: string, unit: string, values: number[], raise: number, clear: number) {
  const weeks = Array.from({ length: values.length }, (_, i) => mondayWeeksAgo(values.length - 1 - i));
  return {
    ...forecastEvidence(),
    metric,
    unit,
    values: weeks.map((weekStart, i) => ({ weekStart, value: values[i] })),
    thresholds: { direction: "above", raise, clear },
    trend: null,
    projection: null,
    details: {},
  };
}

/** Top of an element in the page, in CSS pixels. */
const topOf = async (page: Page, selector: string): Promise<number> =>
  (await page.locator(selector).first().boundingBox())?.y ?? Number.NaN;

async function apiJson<T>(s: Stack, path: string): Promise<T> {
  const response = await fetch(`${s.url}/api/v1/organisations/${ORG.id}${path}`, {
    headers: { authorization: `Bearer ${s.token}` },
  });
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
}

describe("dashboard in headless Chromium", () => {
  it("draws the charts from the API's data, shows alerts with their evidence, and acknowledges one", async () => {
    const s = await dashboardStack();
    const page = await (await openBrowser()).newPage();
    const errors = collectPageErrors(page);

    await page.goto(`${s.url}/dashboard#token=${s.token}`);
    await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
    // the token left the address bar (no bookmark or copied link carries it)
    expect(page.url()).not.toContain(s.token);
    expect(await page.locator("#org-name").textContent()).toBe(ORG.name);

    // headcount: the chart plots exactly the API's weekly rows
    const headcount = await apiJson<{ rows: { headcount: number }[] }>(s, "/headcount");
    expect(headcount.rows.length).toBeGreaterThanOrEqual(12);
    const headcountChart = await chartData(page, "headcount-chart");
    expect(headcountChart?.datasets[0]?.label).toBe("Headcount");
    expect(headcountChart?.datasets[0]?.data).toEqual(headcount.rows.map((row) => row.headcount));

    // function load: one small chart per function, the threshold drawn flat at the policy value
    const load = await apiJson<{ thresholdFte: number; rows: { hrFunction: string; loadFte: number }[] }>(
      s,
      "/function-load",
    );
    const benefitsLoad = load.rows.filter((row) => row.hrFunction === "benefits").map((row) => row.loadFte);
    expect(benefitsLoad.length).toBeGreaterThan(0);
    for (const hrFunction of ["benefits", "payroll"]) {
      const chart = await chartData(page, `load-chart-${hrFunction}`);
      const threshold = chart?.datasets.find((d) => d.label === "Specialist threshold");
      expect(threshold, hrFunction).toBeDefined();
      expect(new Set(threshold?.data)).toEqual(new Set([load.thresholdFte]));
      if (hrFunction === "benefits")
        expect(chart?.datasets.find((d) => d.label === "Load (FTE)")?.data).toEqual(benefitsLoad);
    }

    // HR team on its latest day: 2 generalists and a payroll specialist (seeded)
    const team = await chartData(page, "hr-team-chart");
    expect(team?.labels).toEqual(["Generalists", "Payroll specialist"]);
    expect(team?.datasets[0]?.data).toEqual([2, 1]);

    // alerts: both summaries; the forecast's evidence readable once expanded
    const forecastCard = page.locator(`[data-testid=alert][data-alert-id="${s.forecastAlertId}"]`);
    const benefitsCard = page.locator(`[data-testid=alert][data-alert-id="${s.benefitsAlertId}"]`);
    expect(await page.locator("[data-testid=alert]").count()).toBe(2);
    expect(await benefitsCard.locator("[data-testid=alert-summary]").textContent()).toContain(
      "Benefits load averaged 0.95 FTE",
    );
    expect(await forecastCard.locator("[data-testid=severity]").textContent()).toBe("low");
    expect(await forecastCard.locator("[data-testid=evidence-projection]").isVisible()).toBe(false);
    await forecastCard.locator("summary", { hasText: "Evidence" }).click();
    expect(await forecastCard.locator("[data-testid=evidence-projection]").textContent()).toMatch(
      /Crosses 0\.8 FTE in the week of 14 Dec 2026 \(6 weeks ahead, on the load trend\)/,
    );
    expect(await forecastCard.locator("[data-testid=evidence-values] tbody tr").count()).toBe(8);
    expect(await forecastCard.locator("[data-testid=evidence]").innerText()).toMatch(
      /Trend\s+rising, \+0\.02 FTE a week/,
    );
    // evidence in a shape the page has no layout for is still shown, field by field
    await benefitsCard.locator("summary", { hasText: "Evidence" }).click();
    expect(await benefitsCard.locator("[data-testid=evidence]").innerText()).toMatch(/Average FTE\s+0\.95/);

    // projected crossings: a row per function the API projects
    const projections = await apiJson<{ projections: { hrFunction: string }[] }>(s, "/projections");
    expect(projections.projections.length).toBeGreaterThan(0);
    expect(await page.locator("[data-testid=projection]").count()).toBe(projections.projections.length);

    // acknowledge: the page asks for a name and the alert's row changes in Postgres
    page.once("dialog", (dialog) => void dialog.accept("Dana Kim"));
    await benefitsCard.locator("[data-testid=acknowledge]").click();
    await page.waitForSelector(`[data-alert-id="${s.benefitsAlertId}"][data-status=acknowledged]`, { timeout: 10_000 });
    const [row] = await s.db.sql`select status, acknowledged_by from alerts where alert_id = ${s.benefitsAlertId}`;
    expect(row).toEqual({ status: "acknowledged", acknowledged_by: "Dana Kim" });
    expect(await benefitsCard.locator("[data-testid=acknowledge]").count()).toBe(0);
    expect(await forecastCard.getAttribute("data-status")).toBe("open");
    // the re-rendered list keeps the evidence the reader had open
    expect(await forecastCard.locator("[data-testid=evidence-projection]").isVisible()).toBe(true);

    await mkdir(dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect((await stat(SCREENSHOT)).size).toBeGreaterThan(50_000);
    expect(errors).toEqual([]);
  });

  it("shows one card per function with every reason behind its recommendation", async () => {
    const s = await dashboardStack();
    const reason = (ruleId: string, summary: string, evidence: Record<string, unknown>) => ({
      ruleId,
      ruleVersion: 1,
      recommendation: "hire_specialist",
      severity: "medium",
      summary,
      evidence,
      firedRules: [{ ruleId, version: 1 }],
    });
    const reasons = [
      reason("escalation-depth", "38% of health & safety tickets were escalated: a specialist is justified.", {
        ...forecastEvidence(),
        projection: null,
        metric: "escalation_share",
        unit: "share",
      }),
      reason("regulated-industry", "Manufacturing is regulated for health & safety: a specialist is justified.", {
        metric: "specialists_in_post",
        details: { industry: "manufacturing" },
      }),
    ];
    const [unit] = await s.db.sql<{ alert_id: number }[]>`
      insert into alerts (organisation_id, hr_function, rule_id, rule_version, status, recommendation, severity,
                          fired_rules, summary, evidence, reasons, opened_at, updated_at)
      values (${ORG.id}, 'health_safety', 'escalation-depth', 1, 'open', 'hire_specialist', 'medium',
              ${JSON.stringify([
                { ruleId: "escalation-depth", version: 1 },
                { ruleId: "regulated-industry", version: 1 },
              ])}::jsonb,
              ${`${reasons[0]!.summary} Also backed by regulated-industry.`},
              ${JSON.stringify(reasons[0]!.evidence)}::jsonb, ${JSON.stringify(reasons)}::jsonb, now(), now())
      returning alert_id`;
    const page = await (await openBrowser()).newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${s.url}/dashboard#token=${s.token}`);
    await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });

    // one card for health & safety, naming both rules with their own sentences
    expect(await page.locator("[data-testid=alert]").count()).toBe(3);
    const card = page.locator(`[data-testid=alert][data-alert-id="${unit!.alert_id}"]`);
    const items = card.locator("[data-testid=alert-reason]");
    expect(await items.count()).toBe(2);
    expect(await items.nth(0).innerText()).toContain("38% of health & safety tickets were escalated");
    expect(await items.nth(1).innerText()).toContain("Manufacturing is regulated for health & safety");
    // the evidence, reason by reason
    await card.locator("summary", { hasText: "Evidence" }).click();
    const blocks = card.locator("[data-testid=reason-evidence]");
    expect(await blocks.count()).toBe(2);
    expect(await blocks.nth(0).getAttribute("data-rule-id")).toBe("escalation-depth");
    expect(await blocks.nth(1).innerText()).toMatch(/Industry\s+manufacturing/);
    // a single-reason card keeps its one evidence block and no reason list
    const single = page.locator(`[data-testid=alert][data-alert-id="${s.benefitsAlertId}"]`);
    expect(await single.locator("[data-testid=alert-reason]").count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it("leads with the staffing plan: one line per function, a visual per reason, a headline that agrees", async () => {
    const s = await dashboardStack();
    // Steelworks-like health & safety (escalation depth + regulation), Rocket-Labs-like recruiting
    // (hiring velocity) and a Northwind-like plan_specialist from the headcount plan
    const safety = await insertRecommendation(s, "health_safety", "hire_specialist", [
      reasonOf(
        "escalation-depth",
        "hire_specialist",
        "22% of health & safety tickets were escalated beyond the generalists over the last 8 weeks.",
        windowEvidence("escalation_share", "share", [0.3, 0.28, 0.26, 0.25, 0.24, 0.22, 0.22, 0.21], 0.25, 0.15),
      ),
      reasonOf(
        "regulated-industry",
        "hire_specialist",
        "Manufacturing is regulated for health & safety and compliance and no health & safety specialist is in post.",
        {
          ...forecastEvidence(),
          metric: "specialists_in_post",
          unit: "none",
          projection: null,
          details: { industry: "manufacturing", regulatedFunctions: ["health_safety", "compliance"] },
        },
      ),
    ]);
    const recruiting = await insertRecommendation(s, "recruiting", "hire_specialist", [
      reasonOf(
        "hiring-velocity",
        "hire_specialist",
        "Hiring ran at 1.4 hires a week over the last 8 weeks, about 1.32 FTE of recruiting work.",
        windowEvidence("hiring_implied_recruiting_fte", "fte", [1.2, 1.2, 1, 1.2, 1.5, 1.5, 1.5, 1.5], 0.8, 0.6),
      ),
    ]);
    const plan = forecastEvidence();
    const onboarding = await insertRecommendation(s, "onboarding", "plan_specialist", [
      reasonOf(
        "load-forecast",
        "plan_specialist",
        "Onboarding work is projected to reach 0.8 FTE in the week of 2027-02-08 on the headcount plan.",
        {
          ...plan,
          projection: {
            ...plan.projection,
            basis: "headcount-plan",
            expectedDate: "2027-02-08",
            weeksAhead: 14,
            plan: { plannedHeadcount: 260, plannedBy: "2027-10-25" },
          },
        },
      ),
    ]);
    const context = await openBrowser();
    const page = await context.newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${s.url}/dashboard#token=${s.token}`);
    await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });

    // the plan is the first thing on the page, above the headline figures and every chart
    expect(
      await page.evaluate(() => {
        const doc = (
          globalThis as unknown as {
            document: { getElementById(id: string): { firstElementChild: { dataset: Record<string, string> } } };
          }
        ).document;
        return doc.getElementById("dashboard").firstElementChild.dataset.testid;
      }),
    ).toBe("plan");
    expect(await topOf(page, "[data-testid=plan]")).toBeLessThan(await topOf(page, "[data-testid=kpis]"));

    // one line per function, matching the recommendation cards one for one
    const alerts = await apiJson<{ alerts: { alertId: number; hrFunction: string; reasons: { summary: string }[] }[] }>(
      s,
      "/alerts?status=active",
    );
    const items = page.locator("[data-testid=plan-item]");
    expect(await items.count()).toBe(alerts.alerts.length);
    expect(await page.locator("[data-testid=alert]").count()).toBe(alerts.alerts.length);
    const functions = await items.evaluateAll((nodes) =>
      nodes.map((n) => (n as unknown as { dataset: { hrFunction: string } }).dataset.hrFunction),
    );
    expect(new Set(functions).size).toBe(functions.length);
    expect(new Set(functions)).toEqual(new Set(alerts.alerts.map((a) => a.hrFunction)));

    // the hire, the function, why (the lead reason), since when, and what is coming
    const safetyItem = page.locator(`[data-testid=plan-item][data-alert-id="${safety}"]`);
    expect(await safetyItem.locator("[data-testid=plan-hire]").textContent()).toBe("Hire a specialist");
    expect(await safetyItem.locator("[data-testid=plan-function]").textContent()).toBe("Health & safety");
    expect(await safetyItem.locator("[data-testid=plan-why]").textContent()).toContain(
      "22% of health & safety tickets were escalated",
    );
    expect(await safetyItem.locator("[data-testid=plan-since]").textContent()).toBe("Since 5 Oct 2026");
    // item 6: a plan_specialist from the headcount plan shows the plan's date, not "not on current trend"
    const planItem = page.locator(`[data-testid=plan-item][data-alert-id="${onboarding}"]`);
    expect(await planItem.locator("[data-testid=plan-coming]").textContent()).toMatch(
      /Crosses 0\.8 FTE in the week of 8 Feb 2027 \(14 weeks ahead, on the headcount plan\)/,
    );
    // the compliance forecast's crossing is the alert's own date
    expect(
      await page
        .locator(`[data-testid=plan-item][data-alert-id="${s.forecastAlertId}"] [data-testid=plan-coming]`)
        .textContent(),
    ).toContain("week of 14 Dec 2026");

    // the headline agrees with the plan: over threshold = the sustained-load recommendations (benefits)
    expect(await page.locator("[data-testid=kpi-over] .kpi-value").textContent()).toBe("1");
    const overNote = await page.locator("[data-testid=kpi-over] .kpi-note").textContent();
    expect(overNote).toContain("Benefits");
    expect(overNote).not.toMatch(/no function/);
    expect(await page.locator("[data-testid=kpi-alerts] .kpi-value").textContent()).toBe(String(alerts.alerts.length));
    // and the load cards mark over exactly the functions the headline counts
    expect(
      await page
        .locator(".load-multiple.is-over")
        .evaluateAll((nodes) =>
          nodes.map((n) => (n as unknown as { dataset: { hrFunction: string } }).dataset.hrFunction),
        ),
    ).toEqual(["benefits"]);
    // the next crossing is the soonest the forward view names: the forecast's, else a recommendation's own
    const projections = await apiJson<{
      projections: { hrFunction: string; projectedCrossing: string | null; currentFte: number; thresholdFte: number }[];
    }>(s, "/projections");
    const projected = new Map(
      projections.projections
        .filter((p) => p.projectedCrossing !== null && p.currentFte < p.thresholdFte)
        .map((p) => [p.hrFunction, p.projectedCrossing!]),
    );
    for (const [hrFunction, date] of [
      ["compliance", "2026-12-14"],
      ["onboarding", "2027-02-08"],
    ] as const)
      if (!projected.has(hrFunction)) projected.set(hrFunction, date);
    const soonest = [...projected.values()].sort()[0]!;
    const longDate = new Intl.DateTimeFormat("en-GB", {
      day: "numeric",
      month: "short",
      year: "numeric",
      timeZone: "UTC",
    });
    expect(await page.locator("[data-testid=kpi-next-crossing] .kpi-value").textContent()).toBe(
      longDate.format(new Date(`${soonest}T00:00:00Z`)),
    );

    // a visual of every reason: escalation share and a regulation badge, hiring-implied FTE, load vs threshold
    const visualKinds = async (alertId: number) =>
      page
        .locator(`[data-testid=alert][data-alert-id="${alertId}"] [data-testid=reason-visual]`)
        .evaluateAll((nodes) => nodes.map((n) => (n as unknown as { dataset: { kind: string } }).dataset.kind));
    expect(await visualKinds(safety)).toEqual(["escalation", "regulation"]);
    expect(await page.locator(`[data-alert-id="${safety}"] [data-kind=regulation]`).innerText()).toMatch(
      /Regulated industry: Manufacturing/,
    );
    expect(await visualKinds(recruiting)).toEqual(["hiring"]);
    expect(await visualKinds(s.forecastAlertId)).toEqual(["load"]);
    const hiring = await chartData(page, `reason-chart-${recruiting}-0`);
    expect(hiring?.datasets.find((d) => d.label === "Value")?.data).toEqual([1.2, 1.2, 1, 1.2, 1.5, 1.5, 1.5, 1.5]);
    expect(new Set(hiring?.datasets.find((d) => d.label === "Threshold")?.data)).toEqual(new Set([0.8]));
    const escalation = await chartData(page, `reason-chart-${safety}-0`);
    expect(new Set(escalation?.datasets.find((d) => d.label === "Threshold")?.data)).toEqual(new Set([0.25]));
    // the sustained-load card draws the function's weekly load against the policy threshold
    const load = await apiJson<{ rows: { hrFunction: string; loadFte: number }[] }>(s, "/function-load");
    const benefitsChart = await chartData(page, `reason-chart-${s.benefitsAlertId}-0`);
    expect(benefitsChart?.datasets.find((d) => d.label === "Value")?.data).toEqual(
      load.rows.filter((r) => r.hrFunction === "benefits").map((r) => r.loadFte),
    );

    await mkdir(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, "dashboard-plan-1400.png"), fullPage: true });

    // on a 400 px screen the plan still comes first, and nothing is wider than the screen
    await page.setViewportSize({ width: 400, height: 860 });
    await page.waitForTimeout(200);
    expect(await topOf(page, "[data-testid=plan]")).toBeLessThan(await topOf(page, "[data-testid=kpis]"));
    expect(await topOf(page, "[data-testid=plan-item]")).toBeLessThan(860);
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement
            .scrollWidth,
      ),
    ).toBeLessThanOrEqual(400);
    await page.screenshot({ path: join(RESULTS, "dashboard-plan-400.png"), fullPage: true });
    expect((await stat(join(RESULTS, "dashboard-plan-400.png"))).size).toBeGreaterThan(20_000);
    expect(errors).toEqual([]);
  });

  it("says 'no data received yet' for an organisation with a profile and no data", async () => {
    const s = await dashboardStack();
    const empty = { id: "quiet-co", name: "Quiet Co" };
    await s.db.sql`insert into organisations (organisation_id, name, industry, time_zone, profile_time)
                   values (${empty.id}, ${empty.name}, 'technology', 'UTC', now())`;
    const { token } = await createApiToken(s.db.client.db, { organisationId: empty.id, name: "dashboard-empty" });
    const page = await (await openBrowser()).newPage();
    const errors = collectPageErrors(page);
    await page.goto(`${s.url}/dashboard#token=${token}`);
    await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });

    expect(await page.locator("#org-name").textContent()).toBe(empty.name);
    expect(await page.getAttribute("body", "data-no-data")).toBe("true");
    expect(await page.locator("[data-testid=no-data]").textContent()).toMatch(/^No data received yet: .*Quiet Co/);
    expect(await page.locator("[data-testid=alerts-no-data]").textContent()).toContain("No data received yet");
    const text = await page.locator("body").innerText();
    expect(text).not.toContain("every function is within its thresholds");
    expect(await page.locator("[data-testid=plan-item]").count()).toBe(0);
    await mkdir(RESULTS, { recursive: true });
    await page.screenshot({ path: join(RESULTS, "dashboard-no-data.png"), fullPage: true });
    expect(errors).toEqual([]);
  });

  it("shows the token form and no data for a wrong token, and opens with the right one typed in", async () => {
    const s = await dashboardStack();
    const page = await (await openBrowser()).newPage();

    await page.goto(`${s.url}/dashboard#token=not-${s.token}`);
    await page.waitForSelector("body[data-state=token]", { timeout: 30_000 });
    expect(await page.locator("[data-testid=token-form]").isVisible()).toBe(true);
    expect(await page.locator("#token-error").textContent()).toContain("not accepted");
    expect(await page.locator("#dashboard").isVisible()).toBe(false);
    expect(await page.getAttribute("body", "data-ready")).toBe("false");
    const text = await page.locator("body").innerText();
    expect(text).not.toContain(ORG.name);
    expect(text).not.toContain("Benefits load");
    expect(
      await page.evaluate(
        () => (globalThis as unknown as { sessionStorage: { length: number } }).sessionStorage.length,
      ),
    ).toBe(0);

    await page.fill("#token-input", s.token);
    await page.click("[data-testid=token-form] button[type=submit]");
    await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
    expect(await page.locator("#org-name").textContent()).toBe(ORG.name);
  });
});
