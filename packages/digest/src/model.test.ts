import { describe, expect, it } from "vitest";
import { digestAdaptiveCard, escapeCardText, teamsMessage } from "./adaptive-card.ts";
import { loadChartSvg, renderChartPng } from "./chart.ts";
import { sampleInput } from "./fixture.test-data.ts";
import { composeDigest, digestTitle, oneLineWhy } from "./model.ts";
import { renderDigestHtml } from "./render-html.ts";
import { renderDigestText } from "./render-text.ts";

describe("composeDigest", () => {
  const digest = composeDigest(sampleInput);

  it("lists the plan, the reported changes and the crossings within a quarter", () => {
    expect(digest.plan.map((p) => [p.hrFunction, p.acknowledged])).toEqual([
      ["benefits", false],
      ["hr_operations", true],
    ]);
    expect(digest.plan[0]!.why).toBe(
      "Benefits load averaged 1.05 FTE over the last 8 weeks (threshold 0.8 FTE, reached in 7 of 8 weeks): a benefits specialist is justified.",
    );
    // an acknowledgement is not news to a digest's reader
    expect(digest.changes.map((c) => c.change)).toEqual(["raised", "resolved"]);
    // over already (0 weeks) is in the plan; 30 weeks is beyond the quarter
    expect(digest.crossings.map((x) => [x.hrFunction, x.weeksToCrossing])).toEqual([["recruiting", 5]]);
    expect(digest.load.map((l) => l.hrFunction)).toEqual(["benefits", "recruiting", "compliance"]);
    expect(digest.quiet).toBe(false);
  });

  it("is quiet with nothing open and nothing changed, whatever is projected", () => {
    const quiet = composeDigest({ ...sampleInput, openAlerts: [], changes: [] });
    expect(quiet.quiet).toBe(true);
    expect(quiet.crossings).toHaveLength(1);
    expect(digestTitle(quiet)).toBe("Staffing digest for Acme <Corp> & Sons, 30 Nov 2026: no open recommendations");
  });

  it("cuts a long why to one line", () => {
    expect(oneLineWhy(`${"word ".repeat(100)}end.`)).toHaveLength(300);
    expect(oneLineWhy("One.\nTwo.")).toBe("One.");
  });
});

describe("renderers", () => {
  const digest = composeDigest(sampleInput);

  it("text: every section, dates in the organisation's zone, the dashboard link", () => {
    const text = renderDigestText(digest);
    expect(text).toContain("Staffing digest for Acme <Corp> & Sons, 30 Nov 2026: 2 open recommendations");
    expect(text).toContain("* Benefits: Hire a specialist (high, since 5 Oct 2026)");
    expect(text).toContain("* HR operations: Add a generalist (medium, since 24 Nov 2026, acknowledged)");
    expect(text).toContain("* 26 Nov 2026 Resolved: Payroll, Outsource (low)");
    expect(text).toContain(
      "* Recruiting: 0.8 FTE threshold crossed in the week of 28 Dec 2026 (in 5 weeks; 0.6 FTE now)",
    );
    expect(text).toContain("Dashboard: https://hr.example/dashboard/");
  });

  it("HTML: escapes every value from the data and shows the chart from the given source", () => {
    const html = renderDigestHtml(digest, "cid:chart");
    expect(html).toContain("Acme &lt;Corp&gt; &amp; Sons");
    expect(html).not.toContain("<script>");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain('<img src="cid:chart"');
    expect(html).toContain('href="https://hr.example/dashboard/"');
    expect(renderDigestHtml(digest, null)).not.toContain("<img");
  });

  it("Adaptive Card: escapes Markdown from the data, one OpenUrl action to the dashboard", () => {
    const card = digestAdaptiveCard(digest);
    expect(card.type).toBe("AdaptiveCard");
    expect(card.actions).toEqual([
      { type: "Action.OpenUrl", title: "Open the dashboard", url: "https://hr.example/dashboard/" },
    ]);
    expect(escapeCardText("[click](https://evil) **x**")).toBe("\\[click\\]\\(https://evil\\) \\*\\*x\\*\\*");
    const message = teamsMessage(digest) as { type: string; attachments: { contentType: string }[] };
    expect(message.type).toBe("message");
    expect(message.attachments[0]!.contentType).toBe("application/vnd.microsoft.card.adaptive");
  });

  it("chart: an SVG bar per function, rendered to a PNG without a browser", async () => {
    const svg = loadChartSvg(digest.load)!;
    expect(svg.match(/<rect x="170"/g)).toHaveLength(3);
    expect(svg).toContain('fill="#dc2626"'); // benefits is over its threshold
    expect(loadChartSvg([])).toBeNull();
    const png = await renderChartPng(svg);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(1120); // width, at twice the CSS size
  });
});
