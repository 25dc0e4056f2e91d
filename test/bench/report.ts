// The benchmark's output: one progress line per phase, and the final tables on stdout.
import type { Started } from "../support/infra.ts";
import type { Check } from "../support/load-checks.ts";
import type { SyntheticLoad } from "../support/synthetic-load.ts";
import type { Produced } from "./environment.ts";
import { num, progress, table } from "./measure.ts";
import type { PhaseResult } from "./phase.ts";

/** The one-line summary of a finished phase (stderr). */
export function printPhaseDone(r: PhaseResult): void {
  progress(
    `${r.label}: ${num(r.records)} records in ${num(r.seconds, 1)} s = ${num(r.eventsPerSecond)} ev/s (chunk p95 ${num(r.chunks.p95)} ms)`,
  );
}

/** The settings the report names. */
export interface ReportedConfig {
  seed: number;
  orgs: number;
  weeks: number;
  end: string;
  partitions: number;
  compareWeeks: number;
}

/** Everything the final report shows. */
export interface Report {
  config: ReportedConfig;
  load: SyntheticLoad;
  compareRecords: number;
  produced: Produced;
  infra: { kafka: Started; postgres: Started };
  phases: PhaseResult[];
  trendRows: [string, number][];
  checks: Check[];
  comparison: PhaseResult[];
  seconds: number;
}

/** Prints the final tables to stdout. */
export function printReport(r: Report): void {
  const { config, load } = r;
  const [headcount, tickets] = [load.headcount.totals, load.tickets.totals];
  const phaseRow = (p: PhaseResult) => [
    p.label,
    String(p.chunkSize),
    String(p.concurrency),
    num(p.records),
    num(p.seconds, 1),
    num(p.eventsPerSecond),
    num(p.trendsCurrentSeconds, 1),
    num(p.joinSeconds, 1),
    num(p.chunks.chunks),
    num(p.chunks.meanRecords),
    num(p.chunks.p50),
    num(p.chunks.p95),
    num(p.chunks.max),
  ];
  const phaseHeader = [
    "phase",
    "chunk",
    "conc",
    "records",
    "seconds",
    "events/s",
    "trends current s",
    "join s",
    "chunks",
    "rec/chunk",
    "p50 ms",
    "p95 ms",
    "max ms",
  ];
  const failed = r.checks.filter((c) => !c.ok);
  const out = [
    "",
    `hr-radar ingest benchmark: seed ${config.seed}, ${config.orgs} organisations, ${config.weeks} weeks to ${config.end}, ${config.partitions} partitions per topic`,
    `infra: Kafka ${r.infra.kafka.how}, Postgres ${r.infra.postgres.how} (jit off on hr-radar's connections); node ${process.version}; total run ${num(r.seconds)} s`,
    "",
    table(
      ["load", "records"],
      [
        ["headcount topic: profiles, snapshots, hires, terminations", num(headcount.records)],
        [
          "  snapshots / hires / terminations",
          `${num(headcount.snapshots)} / ${num(headcount.hires)} / ${num(headcount.terminations)}`,
        ],
        ["tickets topic: opened, escalated, resolved", num(tickets.records)],
        [
          "  opened / escalated / resolved",
          `${num(tickets.opened)} / ${num(tickets.escalated)} / ${num(tickets.resolved)}`,
        ],
        [
          `comparison topic: first ${Math.min(config.compareWeeks, config.weeks)} weeks of the tickets`,
          num(r.compareRecords),
        ],
        [
          "produced: seconds / events/s / MB",
          `${num(r.produced.seconds, 1)} / ${num(r.produced.records / r.produced.seconds)} / ${num(r.produced.bytes / 1e6, 1)}`,
        ],
      ],
    ),
    "",
    "End-to-end ingest, runner start until the stored offsets reach the produced count (chunk ms: transaction + Kafka commit; trends current: first fetch until no organisation is marked stale):",
    table(phaseHeader, r.phases.map(phaseRow)),
    "",
    table(
      ["trend table after both phases", "rows"],
      r.trendRows.map(([name, rows]) => [name, num(rows)]),
    ),
    "",
    `Chunk size x concurrency, each run ingesting the comparison topic into its own copy of the post-headcount database:`,
    r.comparison.length === 0 ? "(skipped)" : table(phaseHeader, r.comparison.map(phaseRow)),
    "",
    table(["sanity check", "expected", "actual", ""], checkRows(r.checks, new Set(r.phases.map((p) => p.label)))),
    "",
    failed.length === 0 ? "all checks passed" : `${failed.length} check(s) FAILED`,
  ];
  console.log(out.join("\n"));
}

/** Every check of the main phases; of the comparison runs, the failures and a count. */
function checkRows(checks: readonly Check[], mainLabels: ReadonlySet<string>): string[][] {
  const row = (c: Check) => [c.name, num(c.expected), num(c.actual), c.ok ? "ok" : "FAILED"];
  const byLabel = new Map<string, Check[]>();
  for (const c of checks) {
    const label = c.name.slice(0, c.name.indexOf(":"));
    byLabel.set(label, [...(byLabel.get(label) ?? []), c]);
  }
  return [...byLabel].flatMap(([label, group]) => {
    if (mainLabels.has(label)) return group.map(row);
    const passed = group.filter((c) => c.ok).length;
    return [
      [`${label}: ${passed} of ${group.length} checks`, "", "", passed === group.length ? "ok" : ""],
      ...group.filter((c) => !c.ok).map(row),
    ];
  });
}
