import { describe, expect, it } from "vitest";
import { CATEGORY_SYNONYMS, categoryKey, defaultCategoryKeys, mapCategory } from "./category-synonyms.ts";
import { HR_FUNCTIONS } from "./hr-functions.ts";

describe("default category mapping", () => {
  it.each([
    ["Benefits", "benefits"],
    ["benefits", "benefits"],
    ["Payroll", "payroll"],
    ["Hiring", "recruiting"],
    ["Recruiting", "recruiting"],
    ["Talent acquisition", "recruiting"],
    ["talent-acquisition", "recruiting"],
    ["Training", "learning_development"],
    ["L&D", "learning_development"],
    ["l & d", "learning_development"],
    ["Learning and development", "learning_development"],
    ["Learning & Development", "learning_development"],
    ["learning_development", "learning_development"],
    ["Health and safety", "health_safety"],
    ["Health & Safety", "health_safety"],
    ["EHS", "health_safety"],
    ["ER", "employee_relations"],
    ["Employee relations", "employee_relations"],
    ["Compensation", "compensation"],
    ["Comp", "compensation"],
    ["Compliance", "compliance"],
    ["Onboarding", "onboarding"],
    ["HR ops", "hr_operations"],
    ["hr_operations", "hr_operations"],
  ])("maps %s to %s by default", (category, hrFunction) => {
    expect(mapCategory(category, {})).toEqual({ category, hrFunction, source: "default" });
  });

  it("lets the profile's mapping win over the defaults", () => {
    expect(mapCategory("Benefits", { Benefits: "payroll" })).toEqual({
      category: "Benefits",
      hrFunction: "payroll",
      source: "profile",
    });
  });

  it("leaves other categories unmapped", () => {
    expect(mapCategory("Visa & relocation", {})).toEqual({
      category: "Visa & relocation",
      hrFunction: "unmapped",
      source: "unmapped",
    });
    expect(mapCategory("Brand", {}).source).toBe("unmapped");
  });

  it("normalises case and punctuation only, keeping words apart from 'and'", () => {
    expect(categoryKey("Health & Safety")).toBe("healthsafety");
    expect(categoryKey("  HEALTH AND SAFETY ")).toBe("healthsafety");
    expect(categoryKey("Brand")).toBe("brand");
  });

  it("has one lookup entry per id and synonym, each function reachable by its id", () => {
    const keys = defaultCategoryKeys();
    for (const f of HR_FUNCTIONS) expect(keys[categoryKey(f)]).toBe(f);
    const names = HR_FUNCTIONS.flatMap((f) => [f, ...CATEGORY_SYNONYMS[f]]);
    expect(Object.keys(keys)).toHaveLength(new Set(names.map(categoryKey)).size);
  });
});
