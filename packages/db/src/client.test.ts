import { describe, expect, it } from "vitest";
import { POSTGRES_MAX_RECONNECT_S, reconnectDelaySeconds } from "./client.ts";

describe("reconnectDelaySeconds", () => {
  it("starts near 0.1 s, doubles, and never exceeds the cap (postgres.js' own goes to 20 s)", () => {
    const upper = (failures: number) => Math.max(...Array.from({ length: 200 }, () => reconnectDelaySeconds(failures)));
    const lower = (failures: number) => Math.min(...Array.from({ length: 200 }, () => reconnectDelaySeconds(failures)));
    expect(upper(1)).toBeLessThanOrEqual(0.1);
    expect(lower(1)).toBeGreaterThanOrEqual(0.05);
    expect(lower(3)).toBeGreaterThan(upper(1));
    for (const failures of [6, 10, 50, 1_000]) expect(upper(failures)).toBeLessThanOrEqual(POSTGRES_MAX_RECONNECT_S);
    expect(upper(50)).toBeGreaterThan(POSTGRES_MAX_RECONNECT_S / 2);
  });
});
