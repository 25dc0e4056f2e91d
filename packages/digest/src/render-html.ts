import { type Digest, digestTitle, formatDay, words } from "./model.ts";

/** Escapes text for HTML element content and attribute values: nothing from the data is markup. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

const SEVERITY_COLOUR: Record<string, string> = {
  high: "#b91c1c",
  medium: "#c2410c",
  low: "#a16207",
  info: "#475569",
};

/** Where the chart image comes from: `cid:` in an e-mail, a data URI in a preview. Null: no chart. */
export type ChartSource = string | null;

/**
 * The digest as an e-mail-safe HTML document: tables and inline styles (mail clients drop
 * style sheets), every value escaped, the chart an `<img>` from `chartSrc`.
 */
export function renderDigestHtml(digest: Digest, chartSrc: ChartSource): string {
  const e = escapeHtml;
  const tz = digest.organisation.timeZone;
  const day = (at: string) => e(formatDay(at, tz));
  const badge = (severity: string) =>
    `<span style="display:inline-block;padding:1px 8px;border-radius:9px;font-size:12px;color:#fff;background:${SEVERITY_COLOUR[severity] ?? "#475569"}">${e(severity)}</span>`;
  const section = (title: string, body: string) =>
    `<h2 style="font-size:16px;margin:24px 0 8px;color:#0f172a">${e(title)}</h2>${body}`;
  const none = (text: string) => `<p style="margin:0;color:#64748b">${e(text)}</p>`;
  const cell = "padding:8px 10px;border-top:1px solid #e2e8f0;vertical-align:top";
  const table = (head: string[], rows: string[]) =>
    `<table role="presentation" cellpadding="0" cellspacing="0" style="width:100%;border-collapse:collapse;font-size:14px">` +
    `<tr>${head.map((h) => `<th align="left" style="padding:6px 10px;color:#475569;font-weight:600;font-size:12px;text-transform:uppercase">${e(h)}</th>`).join("")}</tr>` +
    rows.join("") +
    "</table>";

  const plan =
    digest.plan.length === 0
      ? none("No open recommendations.")
      : table(
          ["Function", "Recommendation", "Why", "Since"],
          digest.plan.map(
            (p) =>
              `<tr><td style="${cell};font-weight:600">${e(words.hrFunction(p.hrFunction))}</td>` +
              `<td style="${cell}">${e(words.recommendation(p.recommendation))}<br>${badge(p.severity)}${p.acknowledged ? ' <span style="font-size:12px;color:#64748b">acknowledged</span>' : ""}</td>` +
              `<td style="${cell}">${e(p.why)}</td><td style="${cell};white-space:nowrap">${day(p.since)}</td></tr>`,
          ),
        );
  const changes =
    digest.changes.length === 0
      ? none("No changes.")
      : table(
          ["Date", "Change", "Function", "Why"],
          digest.changes.map(
            (c) =>
              `<tr><td style="${cell};white-space:nowrap">${day(c.at)}</td><td style="${cell}">${e(words.change(c.change))}<br>${badge(c.severity)}</td>` +
              `<td style="${cell}">${e(words.hrFunction(c.hrFunction))}: ${e(words.recommendation(c.recommendation))}</td><td style="${cell}">${e(c.why)}</td></tr>`,
          ),
        );
  const crossings =
    digest.crossings.length === 0
      ? none("No threshold crossing projected within 13 weeks.")
      : table(
          ["Function", "Crossing week", "Load now", "Threshold"],
          digest.crossings.map(
            (x) =>
              `<tr><td style="${cell};font-weight:600">${e(words.hrFunction(x.hrFunction))}</td><td style="${cell}">${day(x.projectedCrossing)} (in ${x.weeksToCrossing} wk)</td>` +
              `<td style="${cell}">${x.currentFte.toFixed(2)} FTE</td><td style="${cell}">${x.thresholdFte} FTE</td></tr>`,
          ),
        );
  const chart =
    chartSrc === null || digest.load.length === 0
      ? ""
      : `<img src="${e(chartSrc)}" width="560" alt="${e(
          digest.load
            .map((l) => `${words.hrFunction(l.hrFunction)} ${l.currentFte.toFixed(2)} of ${l.thresholdFte} FTE`)
            .join("; "),
        )}" style="display:block;max-width:100%;height:auto;margin-top:8px">`;
  return [
    "<!doctype html>",
    `<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${e(digestTitle(digest))}</title></head>`,
    `<body style="margin:0;padding:0;background:#f1f5f9;font-family:-apple-system,'Segoe UI',Roboto,'DejaVu Sans',Arial,sans-serif;color:#0f172a">`,
    `<table role="presentation" cellpadding="0" cellspacing="0" style="width:100%;background:#f1f5f9"><tr><td align="center" style="padding:24px 12px">`,
    `<table role="presentation" cellpadding="0" cellspacing="0" style="width:100%;max-width:680px;background:#fff;border-radius:8px"><tr><td style="padding:24px 28px">`,
    `<p style="margin:0;font-size:12px;color:#64748b;text-transform:uppercase;letter-spacing:.05em">hr-radar staffing digest</p>`,
    `<h1 style="font-size:20px;margin:4px 0 4px">${e(digest.organisation.name)}</h1>`,
    `<p style="margin:0;color:#475569;font-size:14px">${day(digest.period.at)} · changes since ${day(digest.period.since)} · dates in ${e(tz)}</p>`,
    section("Staffing plan", plan),
    section(`Changes since ${formatDay(digest.period.since, tz)}`, changes),
    section("Projected crossings in the next quarter", crossings),
    chart,
    `<p style="margin:28px 0 0"><a href="${e(digest.dashboardUrl)}" style="display:inline-block;background:#2563eb;color:#fff;text-decoration:none;padding:10px 18px;border-radius:6px;font-weight:600">Open the dashboard</a></p>`,
    `<p style="margin:20px 0 0;font-size:12px;color:#94a3b8">Every recommendation's evidence (values, window, thresholds, trend) is on the dashboard.</p>`,
    "</td></tr></table></td></tr></table></body></html>",
  ].join("\n");
}
