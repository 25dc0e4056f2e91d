import { staffingAlertSchema } from "@hr-radar/events";
import { describe, expect, it } from "vitest";
import { type AlertChange, alertCloudEvent, escapeSlackText, slackMessage } from "./deliveries.ts";
import { backoffMs } from "./dispatcher.ts";

const change: AlertChange = {
  alert: {
    alertId: 12,
    organisationId: "acme",
    hrFunction: "benefits",
    ruleId: "sustained-load",
    ruleVersion: 1,
    status: "open",
    recommendation: "hire_specialist",
    severity: "medium",
    firedRules: [{ ruleId: "sustained-load", version: 1 }],
    summary: "Benefits load averaged 0.9 FTE over the last 8 weeks: a benefits specialist is justified.",
    evidence: { average: 0.9 },
    reasons: [
      {
        ruleId: "sustained-load",
        ruleVersion: 1,
        recommendation: "hire_specialist",
        severity: "medium",
        summary: "Benefits load averaged 0.9 FTE over the last 8 weeks: a benefits specialist is justified.",
        evidence: { average: 0.9 },
        firedRules: [{ ruleId: "sustained-load", version: 1 }],
      },
    ],
    openedAt: "2026-11-06 12:00:00+00",
    resolvedAt: null,
  },
  organisationName: "Acme",
  change: "raised",
  historyId: 40,
  at: "2026-11-06T12:00:00Z",
};

describe("alert deliveries", () => {
  it("are CloudEvents whose id is stable per change (the idempotency key) and whose data follows the contract", () => {
    const event = alertCloudEvent(change);
    expect(event.id).toBe("hr-radar:alert:12:40");
    expect(alertCloudEvent(change).id).toBe(event.id);
    expect(alertCloudEvent({ ...change, historyId: 41 }).id).not.toBe(event.id);
    expect(staffingAlertSchema.safeParse(event.data).success).toBe(true);
    expect(event.data.openedAt).toBe("2026-11-06T12:00:00.000Z");
    expect(event.type).toBe("hrradar.staffing.alert.v2");
    expect(event.subject).toBe("acme/benefits");
  });

  it("carry every reason, and a Slack message lists them when several rules back the recommendation", () => {
    const depth = {
      ...change.alert.reasons[0]!,
      ruleId: "escalation-depth",
      summary: "38% of benefits tickets escalated: a benefits specialist is justified.",
    };
    const two = alertCloudEvent({ ...change, alert: { ...change.alert, reasons: [change.alert.reasons[0]!, depth] } });
    expect(staffingAlertSchema.parse(two.data).reasons.map((r) => r.ruleId)).toEqual([
      "sustained-load",
      "escalation-depth",
    ]);
    const text = JSON.stringify(slackMessage(two));
    expect(text).toContain("38% of benefits tickets escalated");
    expect(text).toContain("rule `sustained-load` v1 · also `escalation-depth` v1");
  });

  it("render a v1 change still in the outbox from before the upgrade", () => {
    const { reasons: _, ...v1 } = alertCloudEvent(change).data;
    const message = slackMessage({ ...alertCloudEvent(change), type: "hrradar.staffing.alert.v1", data: v1 });
    expect(message.text).toBe(`New staffing alert: Acme, benefits: ${change.alert.summary}`);
  });

  it("render a Slack message with the summary", () => {
    const message = slackMessage(alertCloudEvent(change));
    expect(message.text).toBe(`New staffing alert: Acme, benefits: ${change.alert.summary}`);
    expect(message.blocks).toHaveLength(3);
  });

  it("escape Slack mrkdwn in every interpolated field, so an organisation named <!channel> pings nobody", () => {
    expect(escapeSlackText("a & <b> > c")).toBe("a &amp; &lt;b&gt; &gt; c");
    const hostile = alertCloudEvent({
      ...change,
      organisationName: "<!channel> & co",
      alert: { ...change.alert, summary: "load <https://evil.example|click here> & more", ruleId: "r<@U1>" },
    });
    const text = JSON.stringify(slackMessage(hostile));
    expect(text).not.toMatch(/[<>]/);
    expect(text).toContain("&lt;!channel&gt; &amp; co");
    expect(text).toContain("load &lt;https://evil.example|click here&gt; &amp; more");
    expect(text).toContain("r&lt;@U1&gt;");
  });
});

describe("backoffMs", () => {
  const retry = { baseDelayMs: 1_000, maxDelayMs: 60_000 };
  it("doubles per attempt up to the cap, within ±20% jitter", () => {
    expect(backoffMs(retry, 1, () => 0.5)).toBe(1_000);
    expect(backoffMs(retry, 4, () => 0.5)).toBe(8_000);
    expect(backoffMs(retry, 30, () => 0.5)).toBe(60_000);
    expect(backoffMs(retry, 1, () => 0)).toBe(800);
    expect(backoffMs(retry, 1, () => 1)).toBe(1_200);
  });
});
