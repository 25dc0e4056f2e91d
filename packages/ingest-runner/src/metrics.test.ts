import type { Database } from "@hr-radar/db";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { registerTrendRefreshMetrics } from "./metrics.ts";

/** A database whose every read answers one row carrying the fields each gauge reads. */
function fakeDatabase(row: () => Record<string, unknown>): Database {
  return { execute: async () => [row()] } as unknown as Database;
}

const value = async (registry: Registry, name: string, labels: Record<string, string> = {}) => {
  const metric = (await registry.getMetricsAsJSON()).find((m) => m.name === name);
  return metric?.values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;
};

describe("trend refresh metrics", () => {
  it("shows the current lag on the scrape that reads it, not one scrape later", async () => {
    let lag = 42;
    const registry = new Registry();
    registerTrendRefreshMetrics(
      registry,
      fakeDatabase(() => ({ pending: 3, oldest_seconds: lag, scope: "function-load", n: 2 })),
    );
    expect(await value(registry, "hr_radar_trend_refresh_lag_seconds")).toBe(42);
    lag = 7;
    // one scrape, in the order Prometheus renders the text
    const text = await registry.metrics();
    expect(text).toMatch(/^hr_radar_trend_refresh_lag_seconds 7$/m);
    expect(text).toMatch(/^hr_radar_trend_refresh_pending 3$/m);
    expect(await value(registry, "hr_radar_trend_refresh_quarantined", { scope: "function-load" })).toBe(2);
    expect(await value(registry, "hr_radar_trend_refresh_quarantined", { scope: "headcount" })).toBe(0);
  });
});
