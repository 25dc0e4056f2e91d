import { describe, expect, it } from "vitest";
import { compareKeys, decodeCursor, encodeCursor, type Page, queryFingerprint, takePage } from "./pagination.ts";

const rows = [
  { week: "2026-10-05", fn: "payroll" },
  { week: "2026-10-05", fn: "benefits" },
  { week: "2026-10-12", fn: "benefits" },
  { week: "2026-10-12", fn: "payroll" },
  { week: "2026-10-19", fn: "benefits" },
];
const keyOf = (r: { week: string; fn: string }) => [r.week, r.fn];

describe("takePage", () => {
  it("walks a list in key order, each row once, and says when it ends", () => {
    const seen: string[] = [];
    let after: readonly (string | number)[] | null = null;
    for (let pages = 0; pages < 10; pages++) {
      const page: Page<(typeof rows)[number]> = takePage(rows, { keyOf, after, limit: 2 });
      seen.push(...page.items.map((r) => `${r.week}/${r.fn}`));
      if (page.nextKey === null) break;
      after = page.nextKey;
    }
    expect(seen).toEqual([
      "2026-10-05/benefits",
      "2026-10-05/payroll",
      "2026-10-12/benefits",
      "2026-10-12/payroll",
      "2026-10-19/benefits",
    ]);
  });
  it("gives no next key on an exactly full last page", () => {
    expect(takePage(rows, { keyOf, after: ["2026-10-12", "benefits"], limit: 2 }).nextKey).toBeNull();
    expect(takePage(rows, { keyOf, after: null, limit: 5 }).nextKey).toBeNull();
  });
  it("resumes after the key even when rows before it were removed or added meanwhile", () => {
    const changed = [{ week: "2026-10-01", fn: "new" }, ...rows.slice(2)];
    const page = takePage(changed, { keyOf, after: ["2026-10-05", "payroll"], limit: 10 });
    expect(page.items.map((r) => r.week)).toEqual(["2026-10-12", "2026-10-12", "2026-10-19"]);
  });
  it("pages a descending list by numbers", () => {
    const alerts = [{ id: 3 }, { id: 11 }, { id: 7 }];
    const first = takePage(alerts, { keyOf: (a) => [a.id], order: "desc", after: null, limit: 2 });
    expect(first.items.map((a) => a.id)).toEqual([11, 7]);
    expect(takePage(alerts, { keyOf: (a) => [a.id], order: "desc", after: first.nextKey, limit: 2 }).items).toEqual([
      { id: 3 },
    ]);
    expect(compareKeys([11], [7])).toBe(1);
  });
});

describe("cursors", () => {
  it("round-trip on the same query, whatever the page size or format", () => {
    const q = queryFingerprint("/a", new URLSearchParams("grain=week&limit=2"));
    expect(q).toBe(queryFingerprint("/a", new URLSearchParams("format=csv&grain=week&limit=9&cursor=x")));
    expect(decodeCursor(encodeCursor(q, ["2026-10-05", "payroll"]), q)).toEqual({
      success: true,
      key: ["2026-10-05", "payroll"],
    });
  });
  it("are refused on another query and when forged", () => {
    const q = queryFingerprint("/a", new URLSearchParams("grain=week"));
    const other = queryFingerprint("/a", new URLSearchParams("grain=month"));
    expect(decodeCursor(encodeCursor(q, [1]), other)).toMatchObject({ success: false, reason: /another query/ });
    expect(decodeCursor("not-base64-json", q)).toMatchObject({ success: false });
    expect(decodeCursor(Buffer.from('{"q":1}').toString("base64url"), q)).toMatchObject({ success: false });
  });
});
