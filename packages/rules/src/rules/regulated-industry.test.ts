import { resolvePolicy } from "@hr-radar/policy";
import { describe, expect, it } from "vitest";
import { evaluate, organisation } from "../testing/builders.ts";

const regulated = (industry: string) =>
  evaluate(organisation({ industry, headcount: 120, generalists: 2, loadFte: { hr_operations: 0.3 } }))
    .filter((f) => f.ruleId === "regulated-industry")
    .map((f) => [f.hrFunction, f.recommendation, f.severity]);

describe("regulated industry, keyed by the industry key", () => {
  it.each(["transportation_warehousing", "logistics", "48-49", "Transportation and Warehousing"])(
    "assesses %s as transportation and warehousing",
    (industry) => {
      expect(regulated(industry)).toEqual([
        ["compliance", "hire_specialist", "medium"],
        ["health_safety", "hire_specialist", "medium"],
      ]);
    },
  );

  it("names the industry by its official title", () => {
    const findings = evaluate(organisation({ industry: "31-33", headcount: 120, generalists: 2 }));
    expect(findings.find((f) => f.ruleId === "regulated-industry")?.summary).toMatch(/^Manufacturing is regulated/);
  });

  it("gives a recognised, unregulated industry nothing", () => {
    expect(regulated("information")).toEqual([]);
    expect(regulated("technology")).toEqual([]);
  });

  it("says an unrecognised industry was not assessed, as an info note", () => {
    const findings = evaluate(organisation({ industry: "Quantum basket weaving", headcount: 120, generalists: 2 }));
    const note = findings.find((f) => f.ruleId === "regulated-industry");
    expect(note).toMatchObject({
      hrFunction: "hr_operations",
      recommendation: "no_change",
      severity: "info",
      status: "raised",
    });
    expect(note?.summary).toMatch(/^Industry not recognised: regulation not assessed/);
    expect(note?.evidence.details).toMatchObject({ industry: "Quantum basket weaving", recognised: false });
  });

  it("assesses an industry outside the taxonomy that the organisation's policy regulates", () => {
    const policy = resolvePolicy({ regulation: { industries: { biotech: ["compliance"] } } });
    if (!policy.success) throw new Error(policy.error.message);
    const findings = evaluate(organisation({ industry: "Biotech", headcount: 120, generalists: 2 }), {
      policy: policy.data,
    });
    expect(findings.filter((f) => f.ruleId === "regulated-industry").map((f) => f.hrFunction)).toEqual(["compliance"]);
  });
});
