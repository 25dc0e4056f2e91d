import { describe, expect, it } from "vitest";
import { checkRow, coerceCsvRow } from "./rows.ts";

const context = { source: "urn:hr-radar:backfill:test", now: new Date("2026-11-27T12:00:00Z"), maxBytes: 256 * 1024 };

describe("history rows", () => {
  it("coerces CSV text to the contract's types, by the schema, not by looks", () => {
    const row = coerceCsvRow({
      type: "hrradar.headcount.snapshot.v1",
      organisationId: "acme",
      asOf: "2026-11-02",
      headcount: "120",
      openRequisitions: "",
    });
    expect(row).toEqual({
      type: "hrradar.headcount.snapshot.v1",
      organisationId: "acme",
      asOf: "2026-11-02",
      headcount: 120,
      openRequisitions: undefined,
    });
    const hire = coerceCsvRow({
      type: "hrradar.employee.hired.v1",
      organisationId: "acme",
      employeeId: "00123",
      hiredOn: "2026-11-02",
    });
    expect(hire.employeeId).toBe("00123");
  });

  it("accepts a flat row and a full CloudEvent, routing each to its family", () => {
    const flat = checkRow(
      {
        type: "hrradar.ticket.opened.v1",
        organisationId: "acme",
        ticketId: "t-1",
        category: "benefits",
        openedAt: "2026-11-02T09:00:00Z",
      },
      2,
      context,
    );
    expect(flat).toMatchObject({ accepted: true, family: "tickets", record: { key: "acme" } });
    const full = checkRow(
      {
        specversion: "1.0",
        id: "e-1",
        source: "urn:x",
        type: "hrradar.headcount.snapshot.v1",
        data: { organisationId: "acme", asOf: "2026-11-02", headcount: 12 },
      },
      3,
      context,
    );
    expect(full).toMatchObject({ accepted: true, family: "headcount" });
  });

  it("gives the same id to the same row twice, so a repeated load is deduplicated", () => {
    const row = { type: "hrradar.headcount.snapshot.v1", organisationId: "acme", asOf: "2026-11-02", headcount: "12" };
    const a = checkRow(row, 1, context);
    const b = checkRow({ ...row }, 9, context);
    if (!a.accepted || !b.accepted) throw new Error("expected both accepted");
    expect(JSON.parse(a.record.value).id).toBe(JSON.parse(b.record.value).id);
  });

  it("rejects with the ingest decoder's reason and path", () => {
    expect(
      checkRow(
        { type: "hrradar.headcount.snapshot.v1", organisationId: "acme", asOf: "2026-11-02", headcount: "-5" },
        4,
        context,
      ),
    ).toMatchObject({
      accepted: false,
      line: 4,
      reason: { code: "impossible_value", path: "data.headcount" },
    });
    expect(
      checkRow(
        { type: "hrradar.headcount.snapshot.v1", organisationId: "acme", asOf: "2026-11-02", headcount: "twelve" },
        8,
        context,
      ),
    ).toMatchObject({
      reason: { code: "schema_violation", path: "data.headcount" },
    });
    expect(checkRow({ type: "payroll.run.v9", organisationId: "acme" }, 5, context)).toMatchObject({
      accepted: false,
      reason: { code: "unknown_type" },
    });
    expect(
      checkRow(
        { type: "hrradar.headcount.snapshot.v1", organisationId: "acme", asOf: "2099-01-01", headcount: "5" },
        6,
        context,
      ),
    ).toMatchObject({
      accepted: false,
      reason: { code: "impossible_value" },
    });
    expect(checkRow([1, 2], 7, context)).toMatchObject({ accepted: false, reason: { code: "not_cloudevent" } });
  });
});
