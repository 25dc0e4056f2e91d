import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mapCategory } from "./category-synonyms.ts";
import { HR_FUNCTIONS } from "./hr-functions.ts";
import { INDUSTRY_SECTORS, normaliseIndustry } from "./industries.ts";

// The README's industry and default-mapping tables are what users read; every spelling
// they show must normalise as documented, and they must list the whole taxonomy.
const readme = readFileSync(join(import.meta.dirname, "../../../README.md"), "utf8");

function tableAfter(marker: string): string[][] {
  const start = readme.indexOf(`<!-- ${marker} -->`);
  if (start < 0) throw new Error(`README has no ${marker} table`);
  const lines = readme.slice(start).split("\n").slice(1);
  const rows = lines.slice(
    0,
    lines.findIndex((l, i) => i > 0 && !l.startsWith("|")),
  );
  return rows.slice(2).map((r) =>
    r
      .split("|")
      .slice(1, -1)
      .map((c) => c.trim()),
  );
}

const codes = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? "");

describe("README industry list", () => {
  const rows = tableAfter("industries");

  it("lists every known industry", () => {
    expect(rows.map((r) => codes(r[0] ?? "")[0])).toEqual(INDUSTRY_SECTORS.map((s) => s.key));
  });

  it.each(rows.map((r) => [codes(r[0] ?? "")[0], r] as const))("every spelling of %s reads as its key", (key, row) => {
    const [, naics = "", title = "", aliases = ""] = row;
    for (const spelling of [...codes(naics), title, ...codes(aliases)]) expect(normaliseIndustry(spelling)).toBe(key);
  });
});

describe("README default category mapping", () => {
  const rows = tableAfter("category-defaults");

  it("lists every function", () => {
    expect(rows.map((r) => codes(r[0] ?? "")[0])).toEqual([...HR_FUNCTIONS]);
  });

  it.each(rows.map((r) => [codes(r[0] ?? "")[0], r] as const))("every name listed for %s maps to it", (f, row) => {
    for (const name of (row[1] ?? "").split(", ")) expect(mapCategory(name, {}).hrFunction).toBe(f);
  });
});
