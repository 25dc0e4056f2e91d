import type { Policy } from "@hr-radar/policy";
import type { SizeBand } from "../findings.ts";
import type { Justification, RuleDefinition } from "./rule.ts";

// Article, "a general framework": under 50 employees 1-2 generalists cover
// everything and "the workload doesn't justify multiple specialists"; 50-500 is a
// hybrid; over 500, specialist teams. The band never raises a finding by itself
// (an 800-person company gets specialists only where load, growth, regulation,
// depth or cost show a need); it decides whether a small company's need is met by a
// specialist, by more generalist capacity or (regulation alone) by an outsourced
// provider, and it picks the HR-ratio benchmark.

/** The size-band rule: a supporting rule cited by every staffing finding. */
export const sizeBandRule: RuleDefinition = {
  ruleId: "size-band",
  // 2: under 50, regulation alone recommends outsourcing the function, not a hire
  version: 2,
  title: "Company size band (small / mid / large) gates specialists and picks benchmarks",
};

/** The article's band for a headcount. */
export function sizeBandOf(headcount: number, policy: Policy): SizeBand {
  if (headcount <= policy.sizeBands.smallMaxHeadcount) return "small";
  if (headcount <= policy.sizeBands.midMaxHeadcount) return "mid";
  return "large";
}

// Article: "Sometimes your industry or situation demands specialist expertise
// regardless of size": growth, regulation, depth, and a specialist that is already
// cheaper than the status quo. Load alone in a small company calls for a generalist.
const JUSTIFIED_AT_ANY_SIZE: ReadonlySet<Justification> = new Set(["growth", "regulation", "depth", "cost"]);

/** Whether a specialist may be recommended in this band for these reasons. */
export function sizeAllowsSpecialist(band: SizeBand, justifications: Iterable<Justification>): boolean {
  if (band !== "small") return true;
  for (const j of justifications) if (JUSTIFIED_AT_ANY_SIZE.has(j)) return true;
  return false;
}

/** "small", "mid-sized", "large", for summaries. */
export function bandName(band: SizeBand): string {
  return band === "mid" ? "mid-sized" : band;
}
