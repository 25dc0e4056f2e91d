// Digests end to end: the analyzer as its own process (real Kafka for its alerts topic,
// real Postgres), e-mail to a real SMTP server in the test process, Teams to a local
// receiver that answers as Teams documents.
import { createServer, type IncomingMessage } from "node:http";
import { adaptiveCardSchema } from "adaptivecards-designer/lib/adaptive-card-schema.js";
import { Ajv } from "ajv";
import draft06 from "ajv/dist/refs/json-schema-draft-06.json" with { type: "json" };
import { describe, expect, inject, it } from "vitest";
import { runCli } from "./support/cli.ts";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";
import { eventually } from "./support/eventually.ts";
import { freePort } from "./support/infra.ts";
import { suffix } from "./support/kafka.ts";
import { seedOrganisation } from "./support/seed.ts";
import { spawnService } from "./support/services.ts";
import { type SmtpCatcher, startSmtpCatcher } from "./support/smtp.ts";

const RECIPIENTS = ["dana@acme.example", "cfo@acme.example"];

/** An organisation with trends that back a benefits specialist, and no alerts yet: the analyzer raises them. */
async function seededDatabase(): Promise<{ db: TestDatabase; organisationId: string }> {
  const db = await createTestDatabase();
  const organisationId = `org-${suffix()}`;
  await seedOrganisation(db.sql, {
    id: organisationId,
    name: "Acme & <Co>",
    headcount: 200,
    benefitsMinutesPerWeek: 2600,
  });
  await db.sql`delete from alerts`;
  return { db, organisationId };
}

/** One pass of the analyzer's schedule as of `at` (analysis, digest schedule, deliveries), as its own process. */
async function runOnce(env: Record<string, string>, at: string): Promise<Record<string, unknown>> {
  const once = spawnService("analyzer", env, ["run-once", "--at", at]);
  expect(await once.exited).toBe(0);
  return once.logs.find((l) => "runId" in l && "digests" in l && !("msg" in l))!;
}

describe("staffing digests", () => {
  it("e-mails each recipient and posts to Teams one digest per period, across restarts and outages that end", async () => {
    const { db, organisationId } = await seededDatabase();
    let smtp: SmtpCatcher = await startSmtpCatcher();
    const smtpPort = smtp.port;
    // The Teams stand-in answers as the Teams webhook docs say: 429 when throttled (with
    // Retry-After), 202 Accepted from a Workflows "When a Teams webhook request is received" trigger.
    // https://learn.microsoft.com/en-us/microsoftteams/platform/webhooks-and-connectors/how-to/connectors-using
    const teamsRequests: { contentType: string | undefined; body: unknown; status: number }[] = [];
    const teams = createServer(async (request: IncomingMessage, response) => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const status = teamsRequests.length === 0 ? 429 : 202;
      teamsRequests.push({
        contentType: request.headers["content-type"],
        body: JSON.parse(Buffer.concat(chunks).toString()),
        status,
      });
      if (status === 429)
        response.writeHead(429, { "retry-after": "1", "content-type": "text/plain" }).end("Too many requests");
      else response.writeHead(202).end();
    });
    const teamsPort = await freePort();
    await new Promise<void>((done) => teams.listen(teamsPort, "127.0.0.1", done));
    const env = {
      KAFKA_BROKERS: inject("kafkaBrokers"),
      DATABASE_URL: db.url,
      ALERTS_TOPIC: `staffing.alerts.${suffix()}`,
      SMTP_HOST: "127.0.0.1",
      SMTP_PORT: String(smtpPort),
      SMTP_TLS: "none",
      SMTP_TIMEOUT_MS: "3000",
      OUTBOX_RETRY_BASE_MS: "20",
      OUTBOX_MAX_RETRY_MS: "40",
      DIGEST_FROM: "hr-radar <digest@hr-radar.example>",
      DIGEST_UNSUBSCRIBE_URL: "https://hr-radar.example/unsubscribe?org={organisation}&to={recipient}",
      DIGEST_DASHBOARD_URL: "https://hr-radar.example/dashboard/",
      DIGEST_ORGANISATIONS: JSON.stringify([
        {
          organisation: organisationId,
          email: RECIPIENTS,
          teams: `http://127.0.0.1:${teamsPort}/workflows/abc/triggers/manual/paths/invoke?sig=x`,
          allowPrivate: true,
        },
      ]),
    };
    const allDue = () =>
      eventually(async () => {
        const [due] = await db.sql`select count(*)::int as n from digest_deliveries
                                   where delivered_at is null and next_attempt_at > now()`;
        expect(due?.n).toBe(0);
      }, 10_000);
    try {
      // Monday 9 Nov 2026: the daily analysis at 07:00 raises the alerts, before the 08:00 digest
      // (the 2 Nov period is older than the 24 h catch-up window: not sent late)
      expect((await runOnce(env, "2026-11-09T07:00:00Z")).digests).toMatchObject({ queued: 0, delivered: 0 });
      expect(smtp.received).toHaveLength(0);
      // at 08:30 the period of 9 Nov 08:00 has come: one message per recipient; Teams throttles
      expect((await runOnce(env, "2026-11-09T08:30:00Z")).digests).toMatchObject({
        queued: 1,
        delivered: 2,
        failed: 1,
      });
      expect(smtp.received.map((m) => m.envelopeTo).sort()).toEqual([["cfo@acme.example"], ["dana@acme.example"]]);
      const first = smtp.received.find((m) => m.envelopeTo[0] === "dana@acme.example")!;
      const mail = first.parsed;
      expect(mail.from?.text).toBe('"hr-radar" <digest@hr-radar.example>');
      expect(mail.to && "text" in mail.to ? mail.to.text : "").toBe("dana@acme.example");
      expect(mail.subject).toMatch(/^Staffing digest for Acme & <Co>, 9 Nov 2026: \d open recommendations?$/);
      expect(mail.messageId).toMatch(/^<digest\.[0-9a-f]{24}@hr-radar\.example>$/);
      // both copies of one period carry the same Message-ID
      expect(smtp.received.map((m) => m.parsed.messageId)).toEqual([mail.messageId, mail.messageId]);
      expect(first.raw).toMatch(/Content-Type: multipart\/alternative/i);
      expect(mail.text).toContain("STAFFING PLAN");
      expect(mail.text).toMatch(/\* Benefits: Hire a specialist \(\w+, since 9 Nov 2026\)/);
      expect(mail.text).toMatch(
        /CHANGES SINCE 2 NOV 2026\n(.*\n)* {2}\* 9 Nov 2026 Raised: Benefits, Hire a specialist/,
      );
      expect(mail.text).toContain("Dashboard: https://hr-radar.example/dashboard/");
      expect(mail.html).toContain("Acme &amp; &lt;Co&gt;");
      expect(mail.html).toContain('href="https://hr-radar.example/dashboard/"');
      // the chart: a PNG attached inline and referenced by its content id
      const chart = mail.attachments.find((a) => a.contentType === "image/png");
      expect(chart?.contentDisposition).toBe("inline");
      expect(mail.html).toContain(`src="cid:${chart?.cid}"`);
      expect(chart?.content.subarray(1, 4).toString()).toBe("PNG");
      // the header block, unfolded (RFC 5322 2.2.3)
      const headers = first.raw.split(/\r?\n\r?\n/)[0]!.replace(/\r?\n[ \t]+/g, " ");
      expect(headers).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click$/m);
      expect(headers).toContain(
        `List-Unsubscribe: <https://hr-radar.example/unsubscribe?org=${organisationId}&to=dana%40acme.example>, <mailto:digest@hr-radar.example?subject=unsubscribe%20${organisationId}%20dana%40acme.example>`,
      );
      expect(headers).toMatch(/^Auto-Submitted: auto-generated$/m);
      const [throttled] = await db.sql`select last_error from digest_deliveries where channel = 'teams'`;
      expect(throttled?.last_error).toBe("Teams answered 429: Too many requests");

      // the next period (16 Nov) with the SMTP server down: queued once, retried, never lost
      await smtp.close();
      await allDue();
      expect((await runOnce(env, "2026-11-16T08:30:00Z")).digests).toMatchObject({ queued: 1, delivered: 2 });
      // Teams took both periods' cards while e-mail was down: one channel's outage holds no other
      expect(teamsRequests.map((r) => r.status)).toEqual([429, 202, 202]);
      // a restart (a new process) while it is still down: the period is not queued again
      await allDue();
      expect((await runOnce(env, "2026-11-16T08:31:00Z")).digests).toMatchObject({ queued: 0, delivered: 0 });
      const [pending] = await db.sql`
        select count(*)::int as n, max(attempts)::int as attempts, max(last_error) as error from digest_deliveries
        where period_at = '2026-11-16T08:00:00Z' and channel like 'email:%' and delivered_at is null`;
      expect(pending).toMatchObject({ n: 2 });
      expect(pending?.attempts).toBeGreaterThanOrEqual(1);
      expect(String(pending?.error)).toMatch(/ECONNREFUSED|connect/i);
      // the outage ends: the next pass delivers each recipient's copy, once
      smtp = await startSmtpCatcher(smtpPort);
      await allDue();
      expect((await runOnce(env, "2026-11-16T08:32:00Z")).digests).toMatchObject({ queued: 0, delivered: 2 });
      expect(smtp.received.map((m) => m.envelopeTo[0]).sort()).toEqual(["cfo@acme.example", "dana@acme.example"]);
      expect(smtp.received[0]!.parsed.text).toMatch(/CHANGES SINCE 9 NOV 2026\n {2}None\./);
      expect(smtp.received[0]!.parsed.messageId).not.toBe(mail.messageId);
      expect(teamsRequests).toHaveLength(3);
      const periods =
        await db.sql`select to_json(period_at) #>> '{}' as at, outcome from digest_periods order by period_at`;
      expect(periods.map((p) => [new Date(p.at).toISOString(), p.outcome])).toEqual([
        ["2026-11-09T08:00:00.000Z", "queued"],
        ["2026-11-16T08:00:00.000Z", "queued"],
      ]);
      const delivered = await db.sql`select count(*)::int as n from digest_deliveries where delivered_at is not null`;
      expect(delivered[0]?.n).toBe(6);

      // The card: the same message retried after the 429; a Teams message with one Adaptive
      // Card attachment that validates against Microsoft's Adaptive Card schema (draft-06), as
      // the adaptivecards-designer package ships it (lib/adaptive-card-schema.js)
      expect(teamsRequests[1]!.body).toEqual(teamsRequests[0]!.body);
      const message = teamsRequests[1]!.body as {
        type: string;
        attachments: { contentType: string; content: unknown }[];
      };
      expect(teamsRequests[1]!.contentType).toBe("application/json");
      expect(message.type).toBe("message");
      expect(message.attachments).toHaveLength(1);
      expect(message.attachments[0]!.contentType).toBe("application/vnd.microsoft.card.adaptive");
      // (its root names itself with draft-06's `id`, which Ajv 8 reads as `$id`)
      const ajv = new Ajv({ strict: false, allErrors: true });
      ajv.addMetaSchema(draft06);
      const { id, ...schema } = adaptiveCardSchema as { id: string } & Record<string, unknown>;
      const validate = ajv.compile({ $id: id, ...schema });
      const card = message.attachments[0]!.content as Record<string, unknown>;
      expect(validate(card), JSON.stringify(validate.errors)).toBe(true);
      // the schema does reject a card it should: an unknown text size
      expect(validate({ ...card, body: [{ type: "TextBlock", text: "x", size: "huge" }] })).toBe(false);
      expect(JSON.stringify(card)).toContain("Acme & <Co>");
      expect(card.actions).toEqual([
        { type: "Action.OpenUrl", title: "Open the dashboard", url: "https://hr-radar.example/dashboard/" },
      ]);

      // the preview composes the same digest as was sent for that period, and sends nothing
      const preview = await runCli(
        [
          "digest",
          "--org",
          organisationId,
          "--at",
          "2026-11-09T08:30:00Z",
          "--dashboard-url",
          "https://hr-radar.example/dashboard/",
        ],
        { DATABASE_URL: db.url },
      );
      expect(preview.stderr).toBe("");
      expect(preview.code).toBe(0);
      expect(preview.stdout).toBe(mail.text);
      const html = await runCli(["digest", "--org", organisationId, "--format", "html"], { DATABASE_URL: db.url });
      expect(html.stdout).toMatch(/^<!doctype html>/);
      const unknown = await runCli(["digest", "--org", "no-such-org"], { DATABASE_URL: db.url });
      expect([unknown.code, unknown.stderr]).toEqual([
        1,
        "hr-radar: no organisation 'no-such-org' (see `hr-radar orgs`)\n",
      ]);
      expect(smtp.received).toHaveLength(2);
      expect(teamsRequests).toHaveLength(3);

      // the service on its schedule: at start-up it queues the period that has come (real
      // time; a week's catch-up, so the latest Monday counts whatever the day) and sends it
      const service = spawnService("analyzer", { ...env, DIGEST_CATCH_UP_HOURS: "168", OUTBOX_POLL_MS: "200" });
      const sent = await service.waitForLog((l) => l.msg === "digest deliveries sent", 60_000);
      expect(sent).toMatchObject({ delivered: 3, failed: 0 });
      // ... and nothing of the two periods already delivered
      expect(smtp.received).toHaveLength(4);
      service.signal("SIGTERM");
      expect(await service.exited).toBe(0);
    } finally {
      await smtp.close().catch(() => {});
      await new Promise((done) => teams.close(done));
    }
    // eight analyzer processes one after another: about 30 s on an idle 2-core machine, more beside other files
  }, 300_000);
});
