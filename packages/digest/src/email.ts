import { createHash } from "node:crypto";
import { loadChartSvg, renderChartPng } from "./chart.ts";
import { type Digest, digestTitle } from "./model.ts";
import { renderDigestHtml } from "./render-html.ts";
import { renderDigestText } from "./render-text.ts";

/** How digest e-mails are addressed. */
export interface EmailSettings {
  /** `From:`, e.g. `hr-radar <hr-radar@example.com>`. */
  from: string;
  /**
   * Where a reader unsubscribes: an `https:` URL template (one-click, RFC 8058) with
   * `{organisation}` and `{recipient}` placeholders, URL-encoded when filled in. Null: only
   * the `mailto:` address (the sender's, subject "unsubscribe ...").
   */
  unsubscribeUrl: string | null;
}

/** The content id the HTML part's chart `<img>` refers to. */
export const CHART_CID = "load-chart@hr-radar";

/** The address part of a `Name <address>` or bare address. */
export function addressOf(mailbox: string): string {
  return (/<([^>]+)>\s*$/.exec(mailbox)?.[1] ?? mailbox).trim();
}

/**
 * The Message-ID of a digest: the same for every send of one organisation's period (a
 * resend after a crash between the SMTP server's 250 and our mark is a duplicate that
 * receivers and mail stores drop by this id), different for every other period.
 */
export function digestMessageId(digest: Digest, from: string): string {
  const domain = addressOf(from).split("@")[1] ?? "hr-radar.invalid";
  const key = createHash("sha256").update(`${digest.organisation.id}\n${digest.period.at}`).digest("hex").slice(0, 24);
  return `<digest.${key}@${domain}>`;
}

/** The `List-Unsubscribe` header's URIs for one recipient (RFC 2369), https first when configured. */
export function unsubscribeUris(settings: EmailSettings, organisationId: string, recipient: string): string[] {
  const mailto = `mailto:${addressOf(settings.from)}?subject=${encodeURIComponent(`unsubscribe ${organisationId} ${recipient}`)}`;
  if (settings.unsubscribeUrl === null) return [mailto];
  const url = settings.unsubscribeUrl
    .replaceAll("{organisation}", encodeURIComponent(organisationId))
    .replaceAll("{recipient}", encodeURIComponent(recipient));
  return [url, mailto];
}

/** A digest e-mail as nodemailer's message options (a structural subset, so this module stays pure of its types). */
export interface DigestEmail {
  from: string;
  to: string;
  subject: string;
  messageId: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  attachments: { filename: string; content: Buffer; cid: string; contentType: string }[];
}

/**
 * One recipient's digest e-mail: multipart/alternative text + HTML, the HTML part's chart
 * attached inline by content id, the list headers of RFC 2369 and (with an https URL)
 * RFC 8058 one-click unsubscribe, and `Auto-Submitted` (RFC 3834) so auto-responders stay quiet.
 */
export async function digestEmail(digest: Digest, settings: EmailSettings, recipient: string): Promise<DigestEmail> {
  const svg = loadChartSvg(digest.load);
  const uris = unsubscribeUris(settings, digest.organisation.id, recipient);
  const headers: Record<string, string> = {
    "List-Id": `hr-radar staffing digest <${digest.organisation.id.replace(/[^a-z0-9-]/gi, "-")}.digest.hr-radar>`,
    "List-Unsubscribe": uris.map((u) => `<${u}>`).join(", "),
    "Auto-Submitted": "auto-generated",
    "X-HR-Radar-Digest": `${digest.organisation.id} ${digest.period.at}`,
  };
  if (uris[0]!.startsWith("https:")) headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
  return {
    from: settings.from,
    to: recipient,
    subject: digestTitle(digest),
    messageId: digestMessageId(digest, settings.from),
    text: renderDigestText(digest),
    html: renderDigestHtml(digest, svg === null ? null : `cid:${CHART_CID}`),
    headers,
    attachments:
      svg === null
        ? []
        : [{ filename: "load.png", content: await renderChartPng(svg), cid: CHART_CID, contentType: "image/png" }],
  };
}
