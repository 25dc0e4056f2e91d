import { describe, expect, it } from "vitest";
import { type CloudEvent, encodeCloudEvent, type KafkaRecord } from "./cloudevents.ts";
import { type DecodeOptions, decodeRecord } from "./decode.ts";

const now = new Date("2026-11-27T12:00:00Z");
const tickets: DecodeOptions = { family: "tickets", now, maxBytes: 4096 };
const headcount: DecodeOptions = { ...tickets, family: "headcount" };

const opened = (data: Record<string, unknown> = {}): CloudEvent => ({
  specversion: "1.0",
  id: "evt-1",
  source: "urn:helpdesk",
  type: "hrradar.ticket.opened.v1",
  time: "2026-10-05T09:00:01Z",
  data: { organisationId: "acme", ticketId: "T-1", category: "payroll", openedAt: "2026-10-05T09:00:00Z", ...data },
});

function record(event: CloudEvent, mode: "structured" | "binary" = "structured", key = "acme"): KafkaRecord {
  const r = encodeCloudEvent(event, key, mode);
  return { key: Buffer.from(r.key), value: Buffer.from(r.value), headers: r.headers, timestamp: String(now.getTime()) };
}

function rejection(r: KafkaRecord, options = tickets) {
  const result = decodeRecord(r, options);
  if (result.success) throw new Error("expected a rejection");
  return result.error;
}

describe("decodeRecord", () => {
  it.each(["structured", "binary"] as const)("reads a %s-mode event, applying defaults", (mode) => {
    const result = decodeRecord(record(opened(), mode), tickets);
    expect(result).toEqual({
      success: true,
      event: {
        id: "evt-1",
        source: "urn:helpdesk",
        type: "hrradar.ticket.opened.v1",
        time: "2026-10-05T09:00:01Z",
        data: {
          organisationId: "acme",
          ticketId: "T-1",
          category: "payroll",
          openedAt: "2026-10-05T09:00:00Z",
          tier: 1,
        },
      },
    });
  });

  it("falls back to the record timestamp when the event has no time", () => {
    const { time: _, ...untimed } = opened();
    const result = decodeRecord(record(untimed as CloudEvent), tickets);
    expect(result.success && result.event.time).toBe(now.toISOString());
  });

  it("rejects a record with neither CloudEvents content type nor ce_ headers", () => {
    const r = { ...record(opened()), headers: {} };
    expect(rejection(r).code).toBe("not_cloudevent");
  });

  it("rejects invalid JSON", () => {
    expect(rejection({ ...record(opened()), value: Buffer.from("{") }).code).toBe("not_json");
  });

  it("rejects bytes that are not UTF-8, even inside otherwise valid JSON", () => {
    // Regression (fault suite, hostile input): Buffer#toString replaced the bad bytes with
    // U+FFFD and the mangled event was stored as valid.
    const valid = record(opened({ category: "PAYROLL__" }));
    const value = Buffer.from(String(valid.value));
    value.fill(0xff, value.indexOf("__"), value.indexOf("__") + 2);
    expect(rejection({ ...valid, value })).toMatchObject({ code: "not_json", message: "value is not valid UTF-8" });
    expect(rejection({ ...valid, value: Buffer.from([0xc3, 0x28]) }).code).toBe("not_json");
  });

  it("names the missing binary-mode attribute header", () => {
    const r = record(opened(), "binary");
    delete r.headers!.ce_id;
    expect(rejection(r)).toMatchObject({ code: "not_cloudevent", path: "ce_id" });
  });

  it("rejects an event of the other family as an unknown type", () => {
    expect(rejection(record(opened()), headcount)).toMatchObject({ code: "unknown_type", path: "type" });
  });

  it("reports the failing field of a schema violation", () => {
    expect(rejection(record(opened({ ticketId: "" })))).toMatchObject({
      code: "schema_violation",
      path: "data.ticketId",
    });
  });

  it("calls a negative count or an instant years ahead an impossible value", () => {
    const snapshot: CloudEvent = {
      ...opened(),
      type: "hrradar.headcount.snapshot.v1",
      data: { organisationId: "acme", asOf: "2026-10-01", headcount: -1 },
    };
    expect(rejection(record(snapshot), headcount)).toMatchObject({ code: "impossible_value", path: "data.headcount" });
    expect(rejection(record(opened({ openedAt: "2029-01-01T00:00:00Z" })))).toMatchObject({
      code: "impossible_value",
      path: "data.openedAt",
    });
  });

  it("accepts a hire announced months ahead but not years ahead", () => {
    const hire = (hiredOn: string): CloudEvent => ({
      ...opened(),
      type: "hrradar.employee.hired.v1",
      data: { organisationId: "acme", employeeId: "e1", hiredOn },
    });
    expect(decodeRecord(record(hire("2027-03-01")), headcount).success).toBe(true);
    expect(rejection(record(hire("2029-03-01")), headcount)).toMatchObject({
      code: "impossible_value",
      path: "data.hiredOn",
    });
  });

  it("holds a calendar date to its horizon to the day: past it only once its midnight (UTC) is", () => {
    const snapshot = (asOf: string, at: Date = now): boolean =>
      decodeRecord(
        record({
          ...opened(),
          type: "hrradar.headcount.snapshot.v1",
          data: { organisationId: "acme", asOf, headcount: 10 },
        }),
        { ...headcount, now: at },
      ).success;
    // a day ahead of 2026-11-27T12:00Z is 2026-11-28T12:00Z: the 28th's midnight is before it
    expect(snapshot("2026-11-28")).toBe(true);
    expect(snapshot("2026-11-29")).toBe(false);
    // at midnight exactly, the date of the limit itself is still within it
    expect(snapshot("2026-11-28", new Date("2026-11-27T00:00:00Z"))).toBe(true);
    expect(snapshot("2026-11-29", new Date("2026-11-27T00:00:00Z"))).toBe(false);
    expect(snapshot("2026-11-29", new Date("2026-11-28T00:00:00.001Z"))).toBe(true);
    // and the clock of each chunk counts, not the first one seen
    expect(snapshot("2026-12-05", new Date("2026-12-04T08:00:00Z"))).toBe(true);
    expect(snapshot("2026-12-05")).toBe(false);
  });

  it("rejects an oversized record before parsing it", () => {
    expect(rejection(record(opened({ note: "x".repeat(5000) }))).code).toBe("oversized");
  });

  it("rejects a record whose key is not the event's organisation", () => {
    expect(rejection(record(opened(), "structured", "other"))).toMatchObject({
      code: "key_mismatch",
      path: "data.organisationId",
    });
  });

  it("rejects a record without a key: its organisation's order would not be kept", () => {
    const r = { ...record(opened()), key: null };
    expect(rejection(r)).toMatchObject({ code: "key_mismatch", path: "data.organisationId" });
    expect(rejection(r).message).toMatch(/no key/);
  });

  it("calls a CloudEvents time far ahead or before 1990 an impossible value, in either mode", () => {
    // Regression (issue 12): `time` orders corrections, so a profile dated 2126 won forever.
    expect(rejection(record({ ...opened(), time: "2126-01-01T00:00:00Z" }))).toMatchObject({
      code: "impossible_value",
      path: "time",
    });
    expect(rejection(record({ ...opened(), time: "2126-01-01T00:00:00Z" }, "binary"))).toMatchObject({
      code: "impossible_value",
      path: "ce_time",
    });
    expect(rejection(record({ ...opened(), time: "1970-01-01T00:00:00Z" }))).toMatchObject({
      code: "impossible_value",
      path: "time",
    });
    // a clock a few hours fast is not impossible
    expect(decodeRecord(record({ ...opened(), time: "2026-11-28T06:00:00+02:00" }), tickets).success).toBe(true);
  });

  it("rejects non-JSON data content", () => {
    expect(rejection(record({ ...opened(), datacontenttype: "text/plain" })).code).toBe("unsupported_content_type");
  });

  it("enforces cross-field rules of the contract", () => {
    const snapshot: CloudEvent = {
      ...opened(),
      type: "hrradar.headcount.snapshot.v1",
      data: {
        organisationId: "acme",
        asOf: "2026-10-01",
        headcount: 5,
        departments: [{ department: "Eng", headcount: 6 }],
      },
    };
    expect(rejection(record(snapshot), headcount)).toMatchObject({
      code: "schema_violation",
      path: "data.departments",
    });
    const specialist: CloudEvent = {
      ...opened(),
      type: "hrradar.employee.hired.v1",
      data: { organisationId: "acme", employeeId: "e", hiredOn: "2026-10-01", hrRole: "specialist" },
    };
    expect(rejection(record(specialist), headcount)).toMatchObject({
      code: "schema_violation",
      path: "data.hrFunction",
    });
  });
});
