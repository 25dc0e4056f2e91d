import { describe, expect, it } from "vitest";
import { contentChange, deterministicEventId } from "./event-ids.ts";

describe("deterministic event ids", () => {
  const parts = { vendor: "bamboohr", connectionId: "acme", recordId: "42", change: "terminated:2026-10-15" };
  it("are stable for the same change, differ for another change, record, connection or secret", () => {
    const id = deterministicEventId("secret-0123456789", parts);
    expect(deterministicEventId("secret-0123456789", parts)).toBe(id);
    expect(deterministicEventId("secret-0123456789", { ...parts, change: "terminated:2026-10-16" })).not.toBe(id);
    expect(deterministicEventId("secret-0123456789", { ...parts, recordId: "43" })).not.toBe(id);
    expect(deterministicEventId("secret-0123456789", { ...parts, connectionId: "other" })).not.toBe(id);
    expect(deterministicEventId("another-secret-012", parts)).not.toBe(id);
    // the vendor's record id never appears in clear (ids land in the ingest's ledger)
    expect(id).toMatch(/^bamboohr-[A-Za-z0-9_-]{32}$/);
  });
  it("describe content independently of key order", () => {
    expect(contentChange("t", { a: 1, b: 2 })).toBe(contentChange("t", { b: 2, a: 1 }));
  });
});
