// What a scenario reports, and the summary table the suite prints and docs/reliability.md
// records: one row per scenario with its events, the faults injected, the key totals
// expected vs actual, the dead letters and the services' peak resident memory.
import type { Check } from "../support/load-checks.ts";

export type { Check } from "../support/load-checks.ts";

/** One scenario's outcome. */
export interface ScenarioResult {
  scenario: string;
  /** Valid events the scenario produced (what the trends must count exactly once). */
  events: number;
  /** Records in the source topics, bad ones and repeats included. */
  records: number;
  /** The faults injected, by kind, e.g. { "SIGKILL (random)": 7, "failpoint crash-mid-write": 2 }. */
  faults: Record<string, number>;
  /** Expected vs actual, every one exact. */
  checks: Check[];
  /** Records in the dead-letter topics. */
  deadLetters: number;
  /** Peak resident memory of any service process, MiB. */
  maxRssMb: number;
  /** What was observed on the way: rebalance pauses, exits, readiness, log messages. */
  observations: string[];
  seconds: number;
}

/** True when every check of the scenario holds. */
export const passed = (result: ScenarioResult): boolean => result.checks.length > 0 && result.checks.every((c) => c.ok);

/** Records one exact comparison. */
export function check(checks: Check[], name: string, expected: number, actual: number | undefined | null): void {
  const a = Number(actual ?? Number.NaN);
  checks.push({ name, expected, actual: a, ok: expected === a });
}

const num = (n: number): string => (Number.isFinite(n) ? n.toLocaleString("en-US") : String(n));

/** The markdown summary table. */
export function summaryTable(results: readonly ScenarioResult[]): string {
  const rows = results.map((r) => {
    const faults = Object.entries(r.faults).filter(([, n]) => n > 0);
    const faultText = faults.length === 0 ? "none" : faults.map(([kind, n]) => `${n}× ${kind}`).join(", ");
    const failing = r.checks.filter((c) => !c.ok);
    // the ledger and one trend sum stand for the rest (every check is in the details)
    const pick = [
      r.checks.find((c) => c.name.includes("ingested_events")),
      r.checks.find((c) => c.name.includes("sum(")),
      r.checks.find((c) => c.name.includes("dead letters")),
    ];
    const shown = pick.filter((c) => c !== undefined);
    const headline = (shown.length > 0 ? shown : r.checks.slice(0, 2))
      .map((c) => `${c.name} ${num(c.expected)} / ${num(c.actual)}`)
      .join("; ");
    const totals = `${failing.length === 0 ? "all" : `**${failing.length} of**`} ${r.checks.length} exact (${headline})`;
    return `| ${r.scenario} | ${num(r.events)} | ${faultText} | ${totals} | ${num(r.deadLetters)} | ${r.maxRssMb} MB | ${passed(r) ? "pass" : "**FAIL**"} |`;
  });
  return [
    "| scenario | events | faults injected | expected / actual totals | DLQ | max RSS | result |",
    "| --- | ---: | --- | --- | ---: | ---: | --- |",
    ...rows,
  ].join("\n");
}

/** Every check and observation, scenario by scenario. */
export function details(results: readonly ScenarioResult[]): string {
  return results
    .map((r) => {
      const checks = r.checks.map(
        (c) => `  ${c.ok ? "ok  " : "FAIL"} ${c.name}: expected ${num(c.expected)}, actual ${num(c.actual)}`,
      );
      const seen = r.observations.map((o) => `  - ${o}`);
      return [`${r.scenario} (${r.seconds.toFixed(0)} s, ${num(r.records)} records)`, ...checks, ...seen].join("\n");
    })
    .join("\n\n");
}
