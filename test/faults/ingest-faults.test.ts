// The fault suite's fast variants in CI, against the run's shared broker and Postgres:
// consumer crashes, scale-out and rebalance, hostile input, a backlog and a poisoned tenant. Each asserts
// that every expected total equals the actual one exactly (`pnpm faults` runs the same
// scenarios and prints the table; `--long` at the sizes).
import { describe, expect, inject, it } from "vitest";
import type { FaultInfra } from "../support/own-infra.ts";
import { expectExact } from "./expect-exact.ts";
import { details } from "./report.ts";
import { backlog } from "./scenarios/backlog.ts";
import { consumerCrash } from "./scenarios/consumer-crash.ts";
import { hostileInput } from "./scenarios/hostile.ts";
import { SIZES } from "./scenarios/index.ts";
import { poisonTenant } from "./scenarios/poison-tenant.ts";
import { scaleOutAndRebalance } from "./scenarios/rebalance.ts";

const fast = SIZES.fast;
const infra = (): FaultInfra => ({
  kafkaBrokers: inject("kafkaBrokers"),
  postgresUrl: inject("postgresUrl"),
  templateDatabase: inject("templateDatabase"),
});

describe("fault suite: ingest", () => {
  it("keeps every trend total exact while both ingest services are SIGKILLed at random moments and at each failpoint", {
    timeout: 180_000,
  }, async () => {
    const result = await consumerCrash(infra(), fast.crash);
    expectExact(result, 20);
    // each service's first death is at a failpoint (headcount: mid-write, tickets: after the
    // Postgres commit), its second at a random moment; later ones depend on the stream's length
    const kinds = Object.keys(result.faults);
    expect(kinds.filter((k) => k.startsWith("failpoint")).length, details([result])).toBeGreaterThanOrEqual(2);
    expect(
      kinds.some((k) => k.includes("random")),
      details([result]),
    ).toBe(true);
    expect(
      Object.values(result.faults).reduce((a, b) => a + b, 0),
      details([result]),
    ).toBeGreaterThanOrEqual(3);
    expect(result.deadLetters).toBe(0);
  });

  it("keeps totals exact while instances join, leave and die in one consumer group", { timeout: 120_000 }, async () => {
    const result = await scaleOutAndRebalance(infra(), fast.rebalance);
    expectExact(result, 8);
    expect(result.observations.filter((o) => o.includes("longest pause of a partition")).length).toBe(4);
  });

  it("dead-letters every hostile record with its reason, counts every valid one, and logs no employee id", {
    timeout: 120_000,
  }, async () => {
    const result = await hostileInput(infra(), fast.hostile);
    expectExact(result, 30);
    expect(result.deadLetters).toBe(fast.hostile.badRecords);
    expect(result.checks.map((c) => c.name)).toContain("log lines with an employee id in clear");
  });

  it("catches up on a waiting backlog within the memory bound", { timeout: 120_000 }, async () => {
    const result = await backlog(infra(), fast.backlog);
    expectExact(result, 7);
    expect(result.maxRssMb).toBeGreaterThan(0);
  });

  it("isolates two poisoned organisations: the other 48 stay current and exact, a corrected profile releases one", {
    timeout: 120_000,
  }, async () => {
    const result = await poisonTenant(infra(), fast.poison);
    expectExact(result, 21);
    expect(result.deadLetters).toBe(0);
  });
});
