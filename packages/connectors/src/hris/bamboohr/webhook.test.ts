import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { bambooWebhookChanges, verifyBambooWebhook } from "./webhook.ts";

// https://documentation.bamboohr.com/docs/webhooks: hex HMAC-SHA256 of body + timestamp, keyed by the private key
const key = "private-key-0123";
const body = Buffer.from(
  JSON.stringify({
    type: "employee.updated",
    timestamp: "2026-12-01T10:00:00Z",
    data: { companyId: 1, employeeId: "42", changedFields: ["department"] },
  }),
);
const now = new Date("2026-12-01T10:00:10Z");
const ts = String(Math.floor(now.getTime() / 1000) - 10);
const sign = (k: string, t: string) => createHmac("sha256", k).update(body).update(t).digest("hex");
const verify = (headers: Record<string, string | undefined>) =>
  verifyBambooWebhook({ rawBody: body, headers, secret: key, now });

describe("BambooHR webhooks", () => {
  it("accepts BambooHR's signature and refuses a forged, missing or stale one", () => {
    expect(verify({ "x-bamboohr-signature": sign(key, ts), "x-bamboohr-timestamp": ts })).toEqual({ ok: true });
    expect(verify({ "x-bamboohr-signature": sign("other", ts), "x-bamboohr-timestamp": ts })).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    expect(verify({ "x-bamboohr-timestamp": ts })).toEqual({ ok: false, reason: "missing_signature" });
    expect(verify({ "x-bamboohr-signature": "zz", "x-bamboohr-timestamp": ts })).toEqual({
      ok: false,
      reason: "malformed",
    });
    const old = String(Number(ts) - 3600);
    expect(verify({ "x-bamboohr-signature": sign(key, old), "x-bamboohr-timestamp": old })).toEqual({
      ok: false,
      reason: "stale_timestamp",
    });
    // the timestamp is part of what is signed: moving it breaks the signature
    expect(verify({ "x-bamboohr-signature": sign(key, ts), "x-bamboohr-timestamp": String(Number(ts) + 1) })).toEqual({
      ok: false,
      reason: "bad_signature",
    });
  });

  it("reads the employees an event-based or field-based body names, and refuses anything else", () => {
    expect(bambooWebhookChanges(body)).toEqual([{ recordId: "42", action: "employee.updated" }]);
    const fields = Buffer.from(JSON.stringify({ employees: [{ id: "7", action: "Created", fields: {} }] }));
    expect(bambooWebhookChanges(fields)).toEqual([{ recordId: "7", action: "employee.created" }]);
    expect(bambooWebhookChanges(Buffer.from("not json"))).toBeNull();
    expect(bambooWebhookChanges(Buffer.from('{"hello":1}'))).toBeNull();
  });
});
