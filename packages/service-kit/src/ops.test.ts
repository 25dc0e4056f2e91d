import { Counter } from "prom-client";
import { describe, expect, it } from "vitest";
import { createRegistry, processRegistry, withProcessMetrics } from "./ops.ts";

describe("process metrics", () => {
  it("name prom-client's active-handle gauges without _total (a counter's suffix), in a service's exposition", async () => {
    const service = createRegistry("ingest-tickets");
    new Counter({ name: "hr_radar_things_total", help: "things", registers: [service] }).inc();
    const text = await withProcessMetrics(service, "ingest-tickets").metrics();
    expect(text).toMatch(/^# TYPE hr_radar_nodejs_active_handles gauge$/m);
    expect(text).not.toMatch(/hr_radar_nodejs_active_\w+_total/);
    expect(text).toMatch(/^hr_radar_things_total\{service="ingest-tickets"\} 1$/m);
    expect(text).toMatch(/^hr_radar_process_resident_memory_bytes \d+$/m);
  });

  it("are one set per process, however many registries ask", () => {
    expect(processRegistry()).toBe(processRegistry());
  });
});
