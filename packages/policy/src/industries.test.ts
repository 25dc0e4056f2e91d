import { describe, expect, it } from "vitest";
import { INDUSTRY_SECTORS, normaliseIndustry, regulationKey, resolveIndustry } from "./industries.ts";
import { resolvePolicy } from "./policy-overrides.ts";

describe("industry normaliser", () => {
  it.each([
    ["11", "agriculture"],
    ["21", "mining"],
    ["22", "utilities"],
    ["23", "construction"],
    ["31-33", "manufacturing"],
    ["31–33", "manufacturing"],
    ["32", "manufacturing"],
    ["42", "wholesale_trade"],
    ["44-45", "retail_trade"],
    ["48-49", "transportation_warehousing"],
    ["NAICS 48-49", "transportation_warehousing"],
    ["51", "information"],
    ["52", "financial_services"],
    ["53", "real_estate"],
    ["54", "professional_services"],
    ["55", "management_of_companies"],
    ["56", "administrative_support"],
    ["61", "education"],
    ["62", "healthcare"],
    ["71", "arts_entertainment"],
    ["72", "accommodation_food_services"],
    ["81", "other_services"],
    ["92", "public_administration"],
  ])("reads NAICS code %s as %s", (code, key) => {
    expect(normaliseIndustry(code)).toBe(key);
  });

  it.each([
    ["Transportation and Warehousing", "transportation_warehousing"],
    ["Transportation & Warehousing", "transportation_warehousing"],
    ["TRANSPORTATION AND WAREHOUSING", "transportation_warehousing"],
    ["Health Care and Social Assistance", "healthcare"],
    ["Mining, Quarrying, and Oil and Gas Extraction", "mining"],
    ["Other Services (except Public Administration)", "other_services"],
    ["Finance and Insurance", "financial_services"],
  ])("reads the official title %s as %s", (title, key) => {
    expect(normaliseIndustry(title)).toBe(key);
  });

  it.each([
    ["transportation_warehousing", "transportation_warehousing"],
    ["transportation-warehousing", "transportation_warehousing"],
    ["logistics", "transportation_warehousing"],
    ["Logistics", "transportation_warehousing"],
    ["manufacturing", "manufacturing"],
    ["healthcare", "healthcare"],
    ["health_care", "healthcare"],
    ["construction", "construction"],
    ["mining", "mining"],
    ["energy", "utilities"],
    ["financial_services", "financial_services"],
    ["technology", "information"],
    ["software", "information"],
    ["professional_services", "professional_services"],
  ])("reads the slug or alias %s as %s", (alias, key) => {
    expect(normaliseIndustry(alias)).toBe(key);
  });

  it("keeps an unrecognised industry as given, and says so", () => {
    expect(resolveIndustry("Quantum basket weaving")).toEqual({ recognised: false, key: null, sector: null });
    expect(normaliseIndustry("  Quantum basket weaving ")).toBe("Quantum basket weaving");
    expect(regulationKey("Quantum basket weaving")).toBe("quantum_basket_weaving");
  });

  it("is idempotent on every key and lists all 20 NAICS 2022 sectors", () => {
    expect(INDUSTRY_SECTORS).toHaveLength(20);
    for (const { key } of INDUSTRY_SECTORS) expect(normaliseIndustry(key)).toBe(key);
  });
});

describe("regulation policy keyed by industry key", () => {
  it("normalises override keys, so an override written as logistics applies to transportation_warehousing", () => {
    const result = resolvePolicy({ regulation: { industries: { logistics: ["compliance"], "62": ["compliance"] } } });
    if (!result.success) throw new Error(result.error.message);
    expect(result.data.regulation.industries.transportation_warehousing).toEqual(["compliance"]);
    expect(result.data.regulation.industries.healthcare).toEqual(["compliance"]);
    expect(result.data.regulation.industries.logistics).toBeUndefined();
    expect(result.data.regulation.industries.manufacturing).toEqual(["health_safety", "compliance"]);
  });
});
