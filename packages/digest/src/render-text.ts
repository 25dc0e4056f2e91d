import { type Digest, digestTitle, formatDay, words } from "./model.ts";

/** The digest as plain text: the e-mail's text part and the preview's `--format text`. */
export function renderDigestText(digest: Digest): string {
  const tz = digest.organisation.timeZone;
  const day = (at: string) => formatDay(at, tz);
  const lines = [digestTitle(digest), `Changes since ${day(digest.period.since)}; dates in ${tz}.`, ""];
  lines.push("STAFFING PLAN");
  if (digest.plan.length === 0) lines.push("  No open recommendations.");
  for (const p of digest.plan)
    lines.push(
      `  * ${words.hrFunction(p.hrFunction)}: ${words.recommendation(p.recommendation)} (${p.severity}, since ${day(p.since)}${p.acknowledged ? ", acknowledged" : ""})`,
      `      ${p.why}`,
    );
  lines.push("", `CHANGES SINCE ${day(digest.period.since).toUpperCase()}`);
  if (digest.changes.length === 0) lines.push("  None.");
  for (const c of digest.changes)
    lines.push(
      `  * ${day(c.at)} ${words.change(c.change)}: ${words.hrFunction(c.hrFunction)}, ${words.recommendation(c.recommendation)} (${c.severity})`,
      `      ${c.why}`,
    );
  lines.push("", "PROJECTED CROSSINGS IN THE NEXT QUARTER");
  if (digest.crossings.length === 0) lines.push("  None projected.");
  for (const x of digest.crossings)
    lines.push(
      `  * ${words.hrFunction(x.hrFunction)}: ${x.thresholdFte} FTE threshold crossed in the week of ${day(x.projectedCrossing)} (in ${x.weeksToCrossing} week${x.weeksToCrossing === 1 ? "" : "s"}; ${x.currentFte} FTE now)`,
    );
  lines.push("", `Dashboard: ${digest.dashboardUrl}`, "");
  return lines.join("\n");
}
