import { describe, expect, it } from "vitest";
import { CHART_CID, digestEmail, digestMessageId, unsubscribeUris } from "./email.ts";
import { sampleInput } from "./fixture.test-data.ts";
import { composeDigest } from "./model.ts";

const digest = composeDigest(sampleInput);

describe("digestEmail", () => {
  it("has both parts, the inline chart, the list headers and one-click unsubscribe with an https URL", async () => {
    const email = await digestEmail(
      digest,
      {
        from: "hr-radar <digest@hr.example>",
        unsubscribeUrl: "https://hr.example/unsub?o={organisation}&r={recipient}",
      },
      "dana+ops@acme.example",
    );
    expect(email.to).toBe("dana+ops@acme.example");
    expect(email.text).toContain("STAFFING PLAN");
    expect(email.html).toContain(`cid:${CHART_CID}`);
    expect(email.attachments).toHaveLength(1);
    expect(email.attachments[0]!.cid).toBe(CHART_CID);
    expect(email.headers["List-Unsubscribe"]).toBe(
      "<https://hr.example/unsub?o=acme&r=dana%2Bops%40acme.example>, <mailto:digest@hr.example?subject=unsubscribe%20acme%20dana%2Bops%40acme.example>",
    );
    expect(email.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(email.headers["Auto-Submitted"]).toBe("auto-generated");
  });

  it("offers only mailto (and no one-click header) without an https URL", () => {
    const uris = unsubscribeUris({ from: "digest@hr.example", unsubscribeUrl: null }, "acme", "a@b.example");
    expect(uris).toEqual(["mailto:digest@hr.example?subject=unsubscribe%20acme%20a%40b.example"]);
  });

  it("has a Message-ID fixed by organisation and period, on the sender's domain", () => {
    const id = digestMessageId(digest, "hr-radar <digest@hr.example>");
    expect(id).toMatch(/^<digest\.[0-9a-f]{24}@hr\.example>$/);
    expect(digestMessageId(digest, "digest@hr.example")).toBe(id);
    const next = { ...digest, period: { ...digest.period, at: "2026-12-07T07:00:00.000Z" } };
    expect(digestMessageId(next, "digest@hr.example")).not.toBe(id);
  });
});
