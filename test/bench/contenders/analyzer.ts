// The analyzer at scale: trend tables filled directly by COPY for N organisations x 10 HR
// functions x 52 weeks (plus the daily headcount and HR-team rows and the profiles the
// analyzer reads), then one `createAnalyzer(...).analyse(at)` timed in a child process:
// every organisation evaluated, alerts written, and the outbox delivered to Kafka.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createAnalyzer, envSchema } from "@hr-radar/analyzer";
import { HR_FUNCTIONS } from "@hr-radar/policy";
import pino from "pino";
import type postgres from "postgres";
import { seededRandom } from "../../support/random.ts";
import type { ContenderResult } from "../child.ts";
import { num, progress } from "../measure.ts";

const DAY = 86_400_000;
const TIME_ZONES = ["UTC", "Europe/Berlin", "Europe/London", "America/New_York", "Asia/Tokyo"];
const INDUSTRIES = ["technology", "manufacturing", "retail", "healthcare", "financial_services"];

/** The shape of the analyzer's data set. */
export interface AnalyzerData {
  organisations: number;
  weeks: number;
  /** The Monday the history ends on; the evaluation runs at 06:00 UTC that day. */
  end: string;
  seed: number;
}

/** Rows written per table. */
export type FillCounts = Record<string, number>;

/** One organisation's generated parameters; regenerated identically for each table. */
function organisation(data: AnalyzerData, index: number) {
  const random = seededRandom((data.seed * 1_000_003 + index) >>> 0);
  const size = Math.round(random.logUniform(30, 5000));
  const growth = -0.1 + random.next() * 0.5;
  const ticketRate = 0.005 + random.next() * 0.04;
  const weights = HR_FUNCTIONS.map(() => random.logUniform(0.05, 3));
  const escalation = random.next() * 0.35;
  const generalists = Math.max(0, Math.round((size / 150) * (0.3 + random.next())));
  const specialist = random.chance(0.3) ? random.pick(HR_FUNCTIONS) : null;
  return {
    random,
    id: `bench-org-${String(index).padStart(6, "0")}`,
    size,
    growth,
    ticketRate,
    weights,
    escalation,
    generalists,
    specialist,
  };
}

function* lines(data: AnalyzerData, row: (index: number, start: number) => string): Generator<string> {
  const end = Date.parse(`${data.end}T00:00:00Z`);
  const start = end - data.weeks * 7 * DAY;
  let buffer = "";
  for (let i = 0; i < data.organisations; i++) {
    buffer += row(i, start);
    if (buffer.length > 1 << 20) {
      yield buffer;
      buffer = "";
    }
  }
  if (buffer.length > 0) yield buffer;
}

const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Fills organisations, headcount_daily, hr_team_daily and function_load_weekly by COPY. */
export async function fillAnalyzerData(sql: postgres.Sql, data: AnalyzerData): Promise<FillCounts> {
  const end = Date.parse(`${data.end}T00:00:00Z`);
  const days = data.weeks * 7 + 1; // through the evaluation day itself
  const tables: [string, string, (i: number, start: number) => string, number][] = [
    [
      "organisations",
      "organisation_id, name, industry, time_zone, helpdesk_categories, policy_overrides, profile_time",
      (i) => {
        const o = organisation(data, i);
        return `${o.id}\tBenchmark Org ${i}\t${o.random.pick(INDUSTRIES)}\t${o.random.pick(TIME_ZONES)}\t{}\t{}\t${data.end}T00:00:00Z\n`;
      },
      1,
    ],
    [
      "headcount_daily",
      "organisation_id, day, headcount, hires, terminations, open_requisitions, planned_headcount, planned_by",
      (i, start) => {
        const o = organisation(data, i);
        const plan = o.random.chance(0.3)
          ? `${Math.round(o.size * (1 + o.growth))}\t${date(end + 365 * DAY)}`
          : "\\N\t\\N";
        let out = "";
        let headcount = o.size;
        for (let d = 0; d < days; d++) {
          const hires = d % 7 < 5 ? o.random.poisson((headcount * Math.max(0, 0.12 + o.growth)) / 260) : 0;
          const terminations = d % 7 < 5 ? o.random.poisson((headcount * 0.12) / 260) : 0;
          headcount = Math.max(1, headcount + hires - terminations);
          out += `${o.id}\t${date(start + d * DAY)}\t${headcount}\t${hires}\t${terminations}\t${Math.round(headcount * 0.02)}\t${plan}\n`;
        }
        return out;
      },
      days,
    ],
    [
      "hr_team_daily",
      "organisation_id, day, generalists, specialists",
      (i, start) => {
        const o = organisation(data, i);
        const specialists = o.specialist === null ? "{}" : `{"${o.specialist}": 1}`;
        let out = "";
        for (let d = 0; d < days; d++) out += `${o.id}\t${date(start + d * DAY)}\t${o.generalists}\t${specialists}\n`;
        return out;
      },
      days,
    ],
    [
      "function_load_weekly",
      "organisation_id, hr_function, week_start, tickets_opened, tickets_resolved, tickets_escalated, handling_minutes, resolved_without_minutes, backlog_at_week_end",
      (i, start) => {
        const o = organisation(data, i);
        const total = o.weights.reduce((a, b) => a + b, 0);
        let out = "";
        HR_FUNCTIONS.forEach((fn, f) => {
          let backlog = 0;
          for (let w = 0; w < data.weeks; w++) {
            const trend = 1 + (o.growth * w) / data.weeks;
            const opened = o.random.poisson(o.size * o.ticketRate * trend * (o.weights[f]! / total) * 5);
            const resolved = Math.min(opened + backlog, o.random.poisson(opened));
            const escalated = o.random.poisson(opened * o.escalation);
            const withoutMinutes = Math.round(resolved * 0.25);
            backlog = backlog + opened - resolved;
            out += `${o.id}\t${fn}\t${date(start + w * 7 * DAY)}\t${opened}\t${resolved}\t${escalated}\t${(resolved - withoutMinutes) * 35}\t${withoutMinutes}\t${backlog}\n`;
          }
        });
        return out;
      },
      HR_FUNCTIONS.length * data.weeks,
    ],
  ];
  const counts: FillCounts = {};
  await Promise.all(
    tables.map(async ([table, columns, row, perOrg]) => {
      const started = performance.now();
      const writable = await sql.unsafe(`copy ${table} (${columns}) from stdin`).writable();
      await pipeline(Readable.from(lines(data, row)), writable);
      counts[table] = data.organisations * perOrg;
      progress(
        `analyzer data, ${num(data.organisations)} organisations: ${table} ${num(counts[table])} rows in ${num((performance.now() - started) / 1000, 1)} s`,
      );
    }),
  );
  await sql.unsafe("vacuum analyze");
  return counts;
}

export interface AnalyzerSpec {
  label: string;
  brokers: string[];
  databaseUrl: string;
  alertsTopic: string;
  organisations: number;
  evaluatedAt: string;
}

/** One analysis run (evaluation, alerts, outbox delivery), with progress every 3 s. */
export async function runAnalyzer(spec: AnalyzerSpec): Promise<Omit<ContenderResult, "maxRssMb">> {
  // the shipped defaults, unless ANALYZER_* variables override them for an experiment
  const env = envSchema.parse({
    ...Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith("ANALYZER_"))),
    KAFKA_BROKERS: spec.brokers.join(","),
    DATABASE_URL: spec.databaseUrl,
    ALERTS_TOPIC: spec.alertsTopic,
    LOG_LEVEL: "info",
  });
  let reported = performance.now();
  const logger = pino(
    { level: "info" },
    {
      write(line: string) {
        const entry = JSON.parse(line) as { msg?: string; level?: number; totalOrganisations?: number };
        if (entry.msg === "batch evaluated" && performance.now() - reported > 3_000) {
          reported = performance.now();
          progress(
            `${spec.label}: ${num(entry.totalOrganisations ?? 0)} / ${num(spec.organisations)} organisations evaluated`,
          );
        } else if ((entry.level ?? 0) >= 40) process.stderr.write(line);
      },
    },
  );
  const started = performance.now();
  const analyzer = await createAnalyzer(env, logger);
  const ready = performance.now();
  let summary: Awaited<ReturnType<typeof analyzer.analyse>>;
  let analysedAt: number;
  try {
    summary = await analyzer.analyse(spec.evaluatedAt);
    analysedAt = performance.now();
  } finally {
    await analyzer.close();
  }
  return {
    label: spec.label,
    records: summary.organisations,
    seconds: (analysedAt - ready) / 1000,
    totalSeconds: (analysedAt - started) / 1000,
    details: {
      findings: summary.findings,
      raised: summary.raised,
      resolved: summary.resolved,
      changed: summary.changed,
      skipped: summary.skipped,
      batchSize: env.ANALYZER_BATCH_SIZE,
      concurrency: env.ANALYZER_CONCURRENCY,
    },
  };
}
