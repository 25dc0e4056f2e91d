import { describe, expect, it } from "vitest";
import { hash128, mulberry32, poisson, uuidFor } from "./random.ts";

describe("seeded randomness", () => {
  it("mulberry32 repeats its sequence for a seed and spreads uniformly", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const draws = Array.from({ length: 10_000 }, () => a());
    expect(draws.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    expect(draws.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(draws.reduce((s, x) => s + x, 0) / draws.length).toBeCloseTo(0.5, 1);
  });

  it("poisson draws have the requested mean, small and large", () => {
    const random = mulberry32(7);
    for (const mean of [0.7, 4, 60]) {
      const draws = Array.from({ length: 5_000 }, () => poisson(random, mean));
      expect(draws.reduce((s, x) => s + x, 0) / draws.length).toBeGreaterThan(mean * 0.95);
      expect(draws.reduce((s, x) => s + x, 0) / draws.length).toBeLessThan(mean * 1.05);
    }
  });

  it("ids are UUID-shaped, stable per name and distinct across names", () => {
    const id = uuidFor("1|2026-11-20T15:00:00.000Z|acme|ticket:1042:opened");
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidFor("1|2026-11-20T15:00:00.000Z|acme|ticket:1042:opened")).toBe(id);
    const many = new Set(Array.from({ length: 20_000 }, (_, i) => uuidFor(`name-${i}`)));
    expect(many.size).toBe(20_000);
    expect(hash128("a")).not.toEqual(hash128("b"));
  });
});
