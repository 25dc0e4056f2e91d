import type { AnalysisRun, ChannelBacklog } from "@hr-radar/alerts";
import type { ConsumerLag } from "@hr-radar/ingest-runner";
import type { TrendStatus } from "@hr-radar/trends";
import { type Column, type Format, render } from "./output.ts";

// What `hr-radar status` reports, and how it prints. Pure: the command gathers the
// figures (each section on its own, so one unreachable part never hides the others).

/** A dependency of the stack: reachable or not (`ok` null: not configured, not checked). */
export type Dependency = {
  name: "postgres" | "kafka";
  target: string | null;
  ok: boolean | null;
  detail: string | null;
};

/** One readiness check of one service, from a /readyz. */
export type ServiceCheck = { service: string; check: string; ready: boolean; detail: string | null };

/** Dead letters of one DLQ topic with one reason. */
export type DeadLetterCount = { topic: string; reason: string; count: number };

/** The whole report; `--format json` prints exactly this object. */
export interface StatusReport {
  /** RFC 3339. */
  checkedAt: string;
  dependencies: Dependency[];
  /** Where the readiness came from (the stack's API /readyz, --ops-url), and each check. */
  readinessFrom: string[];
  services: ServiceCheck[];
  consumerLag: ConsumerLag[];
  trends: { pending: number; lagSeconds: number; quarantined: number; organisations: TrendStatus[] };
  deadLetters: { since: string; topics: string[]; counts: DeadLetterCount[] };
  lastAnalysis: AnalysisRun | null;
  outbox: ChannelBacklog[];
  /** Sections that could not be read, and why (empty when everything answered). */
  problems: string[];
}

/** Healthy: every dependency configured answers, and every readiness check passes. */
export function healthy(report: StatusReport): boolean {
  return report.dependencies.every((d) => d.ok !== false) && report.services.every((s) => s.ready);
}

const TREND_COLUMNS: Column<TrendStatus>[] = [
  { header: "organisation", value: (r) => r.organisationId },
  { header: "trends", value: (r) => (r.quarantinedSince ? "quarantined" : r.current ? "current" : "behind") },
  { header: "stale since", value: (r) => r.staleSince },
  { header: "quarantined since", value: (r) => r.quarantinedSince },
  { header: "scopes", value: (r) => r.quarantinedScopes.join(" ") },
  { header: "retry at", value: (r) => r.retryAt },
  { header: "error", value: (r) => r.reason, maxWidth: 60 },
];

/** The report as sections of tables (table), the report object (json), or one long table (csv). */
export function renderStatus(report: StatusReport, format: Format): string {
  if (format === "json") return `${JSON.stringify(report, null, 2)}\n`;
  if (format === "csv") return render(statusRows(report), [], "csv");
  const t = report.trends;
  const a = report.lastAnalysis;
  const sections = [
    section(
      "dependencies",
      render(
        report.dependencies,
        [
          { header: "name", value: (d) => d.name },
          { header: "target", value: (d) => d.target },
          { header: "state", value: (d) => (d.ok === null ? "not configured" : d.ok ? "ok" : "unreachable") },
          { header: "detail", value: (d) => d.detail, maxWidth: 80 },
        ],
        "table",
      ),
    ),
    section(
      `services (readiness from ${report.readinessFrom.join(", ") || "nowhere: no API_URL, no --ops-url"})`,
      render(
        report.services,
        [
          { header: "service", value: (s) => s.service },
          { header: "check", value: (s) => s.check },
          { header: "ready", value: (s) => (s.ready ? "yes" : "NO") },
          { header: "detail", value: (s) => s.detail, maxWidth: 90 },
        ],
        "table",
        "(no readiness answered)",
      ),
    ),
    section(
      "consumer lag (records on the broker not yet applied)",
      render(
        report.consumerLag,
        [
          { header: "consumer group", value: (l) => l.consumerGroup },
          { header: "topic", value: (l) => l.topic },
          { header: "partition", value: (l) => l.partition, align: "right" },
          { header: "applied up to", value: (l) => l.nextOffset, align: "right" },
          { header: "end", value: (l) => l.highWatermark, align: "right" },
          { header: "lag", value: (l) => l.lag, align: "right" },
        ],
        "table",
        "(no consumer has stored an offset yet)",
      ),
    ),
    section(
      `trends: ${t.pending} marks waiting, oldest ${Math.round(t.lagSeconds)} s; ${t.quarantined} organisations quarantined`,
      render(t.organisations, TREND_COLUMNS, "table", "no organisations yet"),
    ),
    section(
      `dead letters since ${report.deadLetters.since} (${report.deadLetters.topics.join(", ")})`,
      render(
        report.deadLetters.counts,
        [
          { header: "topic", value: (d) => d.topic },
          { header: "reason", value: (d) => d.reason },
          { header: "count", value: (d) => d.count, align: "right" },
        ],
        "table",
        "(none)",
      ),
    ),
    section(
      "last analysis",
      a === null
        ? "(none completed yet)\n"
        : `run ${a.runId} as of ${a.evaluatedAt}, finished ${a.finishedAt}: ${a.organisations} organisations (${a.skipped} skipped, ${a.quarantined} quarantined), ${a.findings} findings; ${a.raised} raised, ${a.resolved} resolved\n`,
    ),
    section(
      "outbox backlog per channel",
      render(
        report.outbox,
        [
          { header: "channel", value: (c) => c.channel },
          { header: "pending", value: (c) => c.pending, align: "right" },
          { header: "retrying", value: (c) => c.retrying, align: "right" },
          { header: "oldest since", value: (c) => c.oldestSince },
          { header: "last error", value: (c) => c.lastError, maxWidth: 60 },
        ],
        "table",
        "(no channel configured yet)",
      ),
    ),
  ];
  if (report.problems.length > 0) sections.push(section("could not read", `${report.problems.join("\n")}\n`));
  return sections.join("\n");
}

/** One row per figure (section, item, value, detail): the CSV form, for spreadsheets and scripts. */
export function statusRows(r: StatusReport): { section: string; item: string; value: string; detail: string }[] {
  const row = (section: string, item: string, value: unknown, detail: unknown = "") => ({
    section,
    item,
    value: value === null || value === undefined ? "" : String(value),
    detail: detail === null || detail === undefined ? "" : String(detail),
  });
  const t = r.trends;
  return [
    ...r.dependencies.map((d) =>
      row("dependency", d.name, d.ok === null ? "not configured" : d.ok ? "ok" : "unreachable", d.detail ?? d.target),
    ),
    ...r.services.map((s) => row("readiness", `${s.service}.${s.check}`, s.ready ? "ready" : "not ready", s.detail)),
    ...r.consumerLag.map((l) => row("consumer_lag", `${l.consumerGroup}/${l.topic}/${l.partition}`, l.lag)),
    row("trend_refresh", "pending", t.pending),
    row("trend_refresh", "lag_seconds", t.lagSeconds),
    row("trend_refresh", "quarantined", t.quarantined),
    ...t.organisations
      .filter((o) => o.quarantinedSince !== null)
      .map((o) => row("quarantined", o.organisationId, o.quarantinedScopes.join(" "), o.reason)),
    ...r.deadLetters.counts.map((d) =>
      row("dead_letters", `${d.topic}/${d.reason}`, d.count, `since ${r.deadLetters.since}`),
    ),
    ...(r.lastAnalysis
      ? [
          row("last_analysis", "finished_at", r.lastAnalysis.finishedAt, `run ${r.lastAnalysis.runId}`),
          row("last_analysis", "organisations", r.lastAnalysis.organisations),
          row("last_analysis", "findings", r.lastAnalysis.findings),
        ]
      : [row("last_analysis", "finished_at", "")]),
    ...r.outbox.map((c) => row("outbox", c.channel, c.pending, c.oldestSince)),
    ...r.problems.map((p) => row("problem", "", p)),
  ];
}

function section(title: string, body: string): string {
  return `${title}\n${body}`;
}
