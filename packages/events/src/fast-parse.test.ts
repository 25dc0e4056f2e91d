import { describe, expect, it } from "vitest";
import { z } from "zod";
import { EVENT_CATALOGUE, type EventType } from "./catalogue.ts";
import { cloudEventAttributesSchema } from "./cloudevents.ts";
import { compileFastParser, UNSURE } from "./fast-parse.ts";

// One valid value per compiled schema; the test derives hundreds of variants from each.
const BASES: Partial<Record<EventType | "attributes", Record<string, unknown>>> = {
  "hrradar.headcount.snapshot.v1": {
    organisationId: "acme",
    asOf: "2026-03-02",
    headcount: 120,
    departments: [
      { department: "Sales", headcount: 40 },
      { department: " Ops ", headcount: 30 },
    ],
    openRequisitions: 3,
    plannedHeadcount: 150,
    plannedBy: "2026-12-31",
  },
  "hrradar.employee.hired.v1": {
    organisationId: "acme",
    employeeId: "e-1",
    hiredOn: "2026-03-02",
    department: "Sales",
    hrRole: "specialist",
    hrFunction: "payroll",
  },
  "hrradar.employee.terminated.v1": {
    organisationId: "acme",
    employeeId: "e-1",
    terminatedOn: "2026-03-02",
    department: " Sales",
    hrRole: "generalist",
  },
  "hrradar.employee.changed.v1": {
    organisationId: "acme",
    employeeId: "e-1",
    effectiveOn: "2026-03-02",
    department: "Ops",
    previousDepartment: "Sales",
  },
  "hrradar.ticket.opened.v1": {
    organisationId: "acme",
    ticketId: "T-1",
    category: "payroll",
    openedAt: "2026-03-02T09:30:00Z",
  },
  "hrradar.ticket.resolved.v1": {
    organisationId: "acme",
    ticketId: "T-1",
    category: "payroll ",
    resolvedAt: "2026-03-02T09:30:00.5+01:00",
    handlingMinutes: 12.5,
  },
  "hrradar.ticket.escalated.v1": {
    organisationId: "acme",
    ticketId: "T-1",
    category: "payroll",
    escalatedAt: "2026-03-02T09:30:00Z",
    fromTier: 1,
    toTier: 2,
  },
  "hrradar.ticket.volume.v1": {
    organisationId: "acme",
    category: "benefits",
    granularity: "week",
    periodStart: "2026-03-02",
    opened: 10,
    resolved: 8,
    handlingMinutes: 100,
  },
  attributes: {
    specversion: "1.0",
    id: "evt-1",
    source: "hris://acme",
    type: "hrradar.employee.hired.v1",
    time: "2026-03-02T09:30:00Z",
    datacontenttype: "application/json",
    data: { any: "thing" },
    extension: "kept",
  },
};

// What a producer might put in any field instead: wrong types, edges of each check, other
// enums' values, padding that trimming removes, dates that do not exist.
const REPLACEMENTS: unknown[] = [
  null,
  "",
  " ",
  "  x  ",
  "x".repeat(129),
  "x".repeat(257),
  "bad id!",
  0,
  -1,
  1.5,
  3,
  4,
  2_400,
  2_401,
  10_000_001,
  2 ** 53,
  true,
  [],
  {},
  [{ department: "A", headcount: 1 }],
  [{ department: "A", headcount: 500 }],
  [
    { department: "A", headcount: 1 },
    { department: "A", headcount: 1 },
  ],
  "2026-02-29",
  "2028-02-29",
  "2026-13-01",
  "2026-03-03",
  "2026-03-01",
  "2027-01-01",
  "2026-03-02T25:00:00Z",
  "2026-03-02T09:30:00",
  "2026-03-02 09:30:00Z",
  "none",
  "generalist",
  "specialist",
  "recruiting",
  "day",
  "week",
  "1.0",
  "0.3",
];

/** The base, each field removed or replaced, and each pair of replacements (for refinements). */
function variants(base: Record<string, unknown>): unknown[] {
  const keys = [...Object.keys(base), "hrFunction", "hrRole", "plannedBy", "tier", "escalated", "time"];
  const out: unknown[] = [base, null, [], "text", { ...base, extra: 1 }, JSON.parse('{"__proto__": {"x": 1}}')];
  for (const key of keys) {
    const { [key]: _, ...without } = base;
    out.push(without);
    for (const value of REPLACEMENTS) out.push({ ...base, [key]: value });
  }
  for (const [i, a] of keys.entries()) {
    for (const b of keys.slice(i + 1)) {
      for (const x of REPLACEMENTS.slice(30))
        for (const y of REPLACEMENTS.slice(30)) out.push({ ...base, [a]: x, [b]: y });
    }
  }
  // what the decoder hands the parser: JSON.parse's output
  return out.map((value) => JSON.parse(JSON.stringify(value)));
}

function schemaOf(name: EventType | "attributes"): z.ZodType {
  return name === "attributes" ? cloudEventAttributesSchema : (EVENT_CATALOGUE[name].data as z.ZodType);
}

describe("compileFastParser", () => {
  it("compiles the schemas of the hot path: employee, snapshot and ticket events, the CloudEvents attributes", () => {
    for (const name of Object.keys(BASES) as (keyof typeof BASES)[]) {
      expect(compileFastParser(schemaOf(name)), name).not.toBeNull();
    }
  });

  it("does not compile what it cannot vouch for: transforms, records, strict objects, unions", () => {
    expect(compileFastParser(EVENT_CATALOGUE["hrradar.organisation.profile.v1"].data as z.ZodType)).toBeNull();
    expect(compileFastParser(EVENT_CATALOGUE["hrradar.hr_team.snapshot.v1"].data as z.ZodType)).toBeNull();
    expect(compileFastParser(z.strictObject({ a: z.string() }))).toBeNull();
    expect(compileFastParser(z.object({ a: z.union([z.string(), z.number()]) }))).toBeNull();
    expect(compileFastParser(z.string().transform((s) => s.length))).toBeNull();
    expect(compileFastParser(z.email())).toBeNull();
  });

  for (const name of Object.keys(BASES) as (keyof typeof BASES)[]) {
    it(`accepts exactly what zod accepts, and returns what zod returns: ${name}`, () => {
      const schema = schemaOf(name);
      const fast = compileFastParser(schema)!;
      let accepted = 0;
      let rejected = 0;
      for (const input of variants(BASES[name]!)) {
        const quick = fast(input);
        const byZod = schema.safeParse(input);
        if (byZod.success) {
          accepted++;
          expect(quick, JSON.stringify(input)).not.toBe(UNSURE);
          // the same keys in the same order, defaults filled in, strings trimmed
          expect(JSON.stringify(quick)).toBe(JSON.stringify(byZod.data));
          expect(quick).toStrictEqual(byZod.data);
        } else {
          rejected++;
          expect(quick, `${JSON.stringify(input)}: ${byZod.error.issues[0]?.message}`).toBe(UNSURE);
        }
      }
      // both sides exercised, so neither half of this test is vacuous
      expect(accepted).toBeGreaterThan(20);
      expect(rejected).toBeGreaterThan(100);
    });
  }

  it("hands out a fresh default each time, as zod does", () => {
    const fast = compileFastParser(z.object({ tags: z.array(z.string()).default([]) }))!;
    const first = fast({}) as { tags: string[] };
    first.tags.push("changed");
    expect(fast({})).toStrictEqual({ tags: [] });
  });
});
