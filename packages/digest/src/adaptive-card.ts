import { type Digest, digestTitle, formatDay, words } from "./model.ts";

/** The Adaptive Card version the card declares: Teams renders 1.4 in incoming webhooks and Workflows. */
export const ADAPTIVE_CARD_VERSION = "1.4";

const SEVERITY_COLOUR: Record<string, string> = {
  high: "attention",
  medium: "warning",
  low: "default",
  info: "default",
};

/**
 * Escapes the Markdown subset Adaptive Card TextBlocks render, so a summary or a name from
 * the data is shown as written, never read as a link or emphasis.
 */
export function escapeCardText(text: string): string {
  return text.replace(/([\\`*_{}[\]()#+\-.!>|~])/g, "\\$1");
}

/**
 * The digest as an Adaptive Card (elements of the card schema's core set: TextBlock,
 * FactSet, Container, Action.OpenUrl), for Microsoft Teams.
 */
export function digestAdaptiveCard(digest: Digest): Record<string, unknown> {
  const tz = digest.organisation.timeZone;
  const day = (at: string) => formatDay(at, tz);
  const t = escapeCardText;
  const text = (value: string, extra: Record<string, unknown> = {}) => ({
    type: "TextBlock",
    text: value,
    wrap: true,
    ...extra,
  });
  const heading = (value: string) => text(value, { weight: "bolder", size: "medium", spacing: "large" });
  const plan = digest.plan.length
    ? digest.plan.map((p) => ({
        type: "Container",
        spacing: "medium",
        items: [
          text(
            `**${t(words.hrFunction(p.hrFunction))}**: ${t(words.recommendation(p.recommendation))} (${t(p.severity)}, since ${t(day(p.since))}${p.acknowledged ? ", acknowledged" : ""})`,
            { color: SEVERITY_COLOUR[p.severity] ?? "default" },
          ),
          text(t(p.why), { isSubtle: true, spacing: "none" }),
        ],
      }))
    : [text("No open recommendations.", { isSubtle: true })];
  const changes = digest.changes.length
    ? [
        {
          type: "FactSet",
          facts: digest.changes.map((c) => ({
            title: `${day(c.at)} ${words.change(c.change)}`,
            value: `${words.hrFunction(c.hrFunction)}: ${words.recommendation(c.recommendation)} (${c.severity})`,
          })),
        },
      ]
    : [text("No changes.", { isSubtle: true })];
  const crossings = digest.crossings.length
    ? [
        {
          type: "FactSet",
          facts: digest.crossings.map((x) => ({
            title: words.hrFunction(x.hrFunction),
            value: `week of ${day(x.projectedCrossing)} (in ${x.weeksToCrossing} wk; ${x.currentFte.toFixed(2)} of ${x.thresholdFte} FTE)`,
          })),
        },
      ]
    : [text("No threshold crossing projected within 13 weeks.", { isSubtle: true })];
  return {
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    type: "AdaptiveCard",
    version: ADAPTIVE_CARD_VERSION,
    fallbackText: digestTitle(digest),
    body: [
      text("hr-radar staffing digest", { size: "small", isSubtle: true }),
      text(t(digest.organisation.name), { size: "large", weight: "bolder", spacing: "none" }),
      text(`${t(day(digest.period.at))} · changes since ${t(day(digest.period.since))} · dates in ${t(tz)}`, {
        isSubtle: true,
        spacing: "none",
      }),
      heading("Staffing plan"),
      ...plan,
      heading(`Changes since ${t(day(digest.period.since))}`),
      ...changes,
      heading("Projected crossings in the next quarter"),
      ...crossings,
    ],
    actions: [{ type: "Action.OpenUrl", title: "Open the dashboard", url: digest.dashboardUrl }],
    msteams: { width: "Full" },
  };
}

/**
 * The request body a Teams incoming webhook or a Workflows "When a Teams webhook request is
 * received" trigger takes: a message whose one attachment is the card.
 * https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using
 */
export function teamsMessage(digest: Digest): Record<string, unknown> {
  return {
    type: "message",
    attachments: [
      { contentType: "application/vnd.microsoft.card.adaptive", contentUrl: null, content: digestAdaptiveCard(digest) },
    ],
  };
}
