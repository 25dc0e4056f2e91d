// The fault suite's fast variants in CI that stop and start a dependency: they get a
// broker and a Postgres cluster of their own (the shared ones serve other test files in
// parallel). Ingest goes through the shared broker in the analyzer scenario, whose own
// broker is the one stopped.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { type RestartableInfra, startRestartable } from "../support/own-infra.ts";
import { expectExact } from "./expect-exact.ts";
import { analyzerUnderFaults } from "./scenarios/analyzer.ts";
import { SIZES } from "./scenarios/index.ts";
import { dependencyOutage } from "./scenarios/outage.ts";

const fast = SIZES.fast;
let broker: RestartableInfra;
let postgres: RestartableInfra;

beforeAll(async () => {
  [broker, postgres] = await Promise.all([startRestartable("kafka"), startRestartable("postgres")]);
}, 300_000);

afterAll(async () => {
  await Promise.allSettled([broker?.destroy(), postgres?.destroy()]);
});

describe("fault suite: restarts", () => {
  it("loses and double-counts nothing across a broker restart, and says not ready meanwhile", {
    timeout: 180_000,
  }, async () => {
    const result = await dependencyOutage(
      { kafkaBrokers: broker.url, postgresUrl: inject("postgresUrl"), templateDatabase: inject("templateDatabase") },
      { name: "broker", infra: broker },
      fast.brokerOutage,
    );
    expectExact(result, 24);
  });

  it("loses and double-counts nothing across a Postgres restart, and says not ready meanwhile", {
    timeout: 180_000,
  }, async () => {
    const result = await dependencyOutage(
      { kafkaBrokers: inject("kafkaBrokers"), postgresUrl: postgres.url },
      { name: "Postgres", infra: postgres },
      fast.postgresOutage,
    );
    expectExact(result, 24);
  });

  it("delivers every alert once by key after an analyzer kill, an alerts-broker outage and an hour-long receiver outage", {
    timeout: 180_000,
  }, async () => {
    const result = await analyzerUnderFaults(
      {
        kafkaBrokers: inject("kafkaBrokers"),
        postgresUrl: inject("postgresUrl"),
        templateDatabase: inject("templateDatabase"),
      },
      broker,
      fast.analyzer,
    );
    expectExact(result, 13);
    // regression: analysis used to wait for the broker (a Kafka send blocked the schedule)
    expect(result.checks.find((c) => c.name === "alerts raised while the alerts broker was down")?.ok).toBe(true);
  });
});
