import postgres from "postgres";
import { describe, expect, inject, it, onTestFinished } from "vitest";
import { collectPageErrors, openBrowser } from "./support/browser.ts";
import { spawnCli } from "./support/cli.ts";
import { suffix } from "./support/kafka.ts";

// The demo's five companies, through the real pipeline, read as a person reads them: in
// headless Chromium, each dashboard's staffing plan has one line per open recommendation
// and never a function twice, and its headline figures agree with those recommendations.

interface ApiAlert {
  alertId: number;
  hrFunction: string;
  reasons: { ruleId: string }[];
}

describe("the demo's dashboards", () => {
  it("lead with one recommendation per function, and their headline never contradicts them", async () => {
    const database = `hr_demo_${suffix()}`;
    const server = inject("postgresUrl");
    onTestFinished(async () => {
      const admin = postgres(server, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists "${database}" with (force)`);
      await admin.end();
    });
    const demo = spawnCli(
      ["demo", "--port", "0", "--connect-port", "0", "--topic-prefix", `demo-${suffix()}.`, "--database", database],
      {
        KAFKA_BROKERS: inject("kafkaBrokers"),
        DATABASE_URL: server,
      },
    );
    await demo.waitFor(/serving the dashboard at/, 180_000);
    const links = [...demo.output().stdout.matchAll(/^(\S.*) \((demo-[a-z-]+)\)$|dashboard: (http\S+#token=(\S+))/gm)];
    const companies: { name: string; id: string; link: string; token: string }[] = [];
    for (let i = 0; i < links.length; i++) {
      const heading = links[i]!;
      const next = links[i + 1];
      if (heading[1] && next?.[3])
        companies.push({ name: heading[1], id: heading[2]!, link: next[3], token: next[4]! });
    }
    expect(companies.map((c) => c.name)).toHaveLength(5);

    const context = await openBrowser();
    for (const company of companies) {
      const api = new URL(company.link).origin;
      const response = await fetch(`${api}/api/v1/organisations/${company.id}/alerts?status=active`, {
        headers: { authorization: `Bearer ${company.token}` },
      });
      expect(response.status, company.name).toBe(200);
      const { alerts } = (await response.json()) as { alerts: ApiAlert[] };
      expect(alerts.length, `${company.name} has open recommendations`).toBeGreaterThan(0);
      // one recommendation per function
      expect(new Set(alerts.map((a) => a.hrFunction)).size, company.name).toBe(alerts.length);

      const page = await context.newPage();
      const errors = collectPageErrors(page);
      await page.goto(company.link);
      await page.waitForSelector("body[data-ready=true]", { timeout: 30_000 });
      const planned = await page
        .locator("[data-testid=plan-item]")
        .evaluateAll((nodes) => nodes.map((n) => (n as unknown as { dataset: { alertId: string } }).dataset.alertId));
      expect(planned.map(Number).sort(), `${company.name}: the plan is the open recommendations`).toEqual(
        alerts.map((a) => a.alertId).sort(),
      );
      expect(await page.locator("[data-testid=kpi-alerts] .kpi-value").textContent(), company.name).toBe(
        String(alerts.length),
      );
      // "over threshold" counts exactly the recommendations that sustained load backs
      const loadBacked = alerts.filter((a) => a.reasons.some((r) => r.ruleId === "sustained-load"));
      expect(await page.locator("[data-testid=kpi-over] .kpi-value").textContent(), company.name).toBe(
        String(loadBacked.length),
      );
      const overNote = (await page.locator("[data-testid=kpi-over] .kpi-note").textContent()) ?? "";
      expect(overNote, `${company.name}: the headline does not deny open recommendations`).not.toMatch(
        /no function (needs|at)/i,
      );
      const markedOver = await page
        .locator(".load-multiple.is-over")
        .evaluateAll((nodes) =>
          nodes.map((n) => (n as unknown as { dataset: { hrFunction: string } }).dataset.hrFunction),
        );
      expect(markedOver.sort(), company.name).toEqual(loadBacked.map((a) => a.hrFunction).sort());
      expect(errors, company.name).toEqual([]);
      await page.close();
    }
    demo.signal("SIGINT");
    expect(await demo.exited).toBe(0);
  });
});
