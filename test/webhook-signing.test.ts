import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { dispatchDue } from "@hr-radar/alerts";
import { createAnalyzer, envSchema, runAnalysis } from "@hr-radar/analyzer";
import type { Producer } from "kafkajs";
import pino from "pino";
import { Webhook } from "standardwebhooks";
import { describe, expect, inject, it, onTestFinished } from "vitest";
import { createTestDatabase, type TestDatabase } from "./support/database.ts";
import { hired, newOrganisationId, profile, snapshot, ticketVolume } from "./support/events.ts";
import { waitUntilConsumed } from "./support/eventually.ts";
import { sendEvents, suffix } from "./support/kafka.ts";
import { startIngestPipeline } from "./support/services.ts";

const SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
const logger = pino({ level: process.env.TEST_LOG_LEVEL ?? "silent" });
const analyzerMain = join(import.meta.dirname, "../services/analyzer/src/main.ts");

/** The README's verification snippet, as a module. */
async function readmeVerifier(): Promise<(secret: string, headers: IncomingHttpHeaders, body: string) => boolean> {
  const readme = readFileSync(join(import.meta.dirname, "../README.md"), "utf8");
  const block = /<!-- test\/webhook-signing\.test\.ts runs this snippet[^>]*-->\s*```js\n([\s\S]*?)```/.exec(
    readme,
  )?.[1];
  expect(block, "README has the verification snippet").toBeDefined();
  const file = join(tmpdir(), `verify-webhook-${suffix()}.mjs`);
  writeFileSync(file, block!.replace(/^ {2}/gm, ""));
  return ((await import(pathToFileURL(file).href)) as { verifyWebhook: never }).verifyWebhook;
}

/** A receiver that keeps every request as sent; `/moved` answers a redirect to `/hook`. */
async function receiver() {
  const requests: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    requests.push({ path: req.url ?? "", headers: req.headers, body });
    if (req.url === "/moved") res.writeHead(302, { location: "/hook" }).end();
    else res.writeHead(200).end("ok");
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  onTestFinished(() => new Promise<void>((done) => server.close(() => done())));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests };
}

/** One organisation whose benefits load raises an alert, ingested through Kafka. */
async function organisationWithAlert(db: TestDatabase): Promise<string> {
  const { producer, headcountTopic, ticketsTopic } = await startIngestPipeline(db.client);
  const org = newOrganisationId();
  await sendEvents(producer, headcountTopic, [
    profile(org, {
      name: "<!channel> & Sons",
      industry: "technology",
      helpdeskCategories: { "benefits-questions": "benefits" },
    }),
    snapshot(org, "2026-08-31", 150),
    hired(org, "hr-1", "2026-08-31", { hrRole: "generalist" }),
    hired(org, "hr-2", "2026-08-31", { hrRole: "generalist" }),
  ]);
  const weeks = Array.from({ length: 10 }, (_, i) =>
    new Date(Date.parse("2026-08-31T00:00:00Z") + i * 7 * 86_400_000).toISOString().slice(0, 10),
  );
  await sendEvents(
    producer,
    ticketsTopic,
    weeks.map((week) =>
      ticketVolume(org, "benefits-questions", week, { opened: 40, resolved: 40, handlingMinutes: 1840 }),
    ),
  );
  await waitUntilConsumed(db, 4 + weeks.length);
  return org;
}

const analyzerEnv = (db: TestDatabase, webhooks: unknown[]) =>
  envSchema.parse({
    KAFKA_BROKERS: inject("kafkaBrokers"),
    DATABASE_URL: db.url,
    ALERTS_TOPIC: `staffing.alerts.${suffix()}`,
    ALERT_WEBHOOKS: JSON.stringify(webhooks),
    // the receivers are on 127.0.0.1
    ALERT_WEBHOOKS_ALLOW_PRIVATE: "true",
    OUTBOX_RETRY_BASE_MS: "50",
  });

describe("webhook deliveries", () => {
  it("reach a dispatcher's webhooks whoever analysed, signed, once per channel, and without following redirects", async () => {
    const db = await createTestDatabase();
    const org = await organisationWithAlert(db);
    const hooks = await receiver();

    // analysed with no channels at all, as `hr-radar analyze` from a shell without ALERT_WEBHOOKS
    const run = await runAnalysis({ db: db.client.db, logger, batchSize: 10 }, "2026-11-06T12:00:00Z");
    expect(run).toMatchObject({ organisations: 1, raised: 1 });
    const [outbox] = await db.sql`select count(*)::int as n from alert_outbox`;
    expect(outbox?.n).toBe(1);
    const [queued] = await db.sql`select count(*)::int as n from alert_deliveries`;
    expect(queued?.n).toBe(0);

    const analyzer = await createAnalyzer(
      analyzerEnv(db, [
        { name: "hr-ops", url: `${hooks.base}/hook`, format: "json", secret: SECRET },
        { name: "slack", url: `${hooks.base}/slack`, format: "slack", secret: SECRET },
        { name: "moved", url: `${hooks.base}/moved`, format: "json", secret: SECRET },
      ]),
      logger,
    );
    onTestFinished(() => analyzer.close());
    expect(await analyzer.deliver()).toEqual({ delivered: 3, failed: 1 });

    const [hook] = hooks.requests.filter((r) => r.path === "/hook");
    expect(hook).toBeDefined();
    const event = JSON.parse(hook!.body) as { id: string; data: { organisationId: string } };
    expect(event.data.organisationId).toBe(org);
    expect(hook!.headers["webhook-id"]).toBe(event.id);
    expect(hook!.headers["idempotency-key"]).toBe(event.id);
    expect(Number(hook!.headers["webhook-timestamp"])).toBeCloseTo(Date.now() / 1000, -2);
    expect(hook!.headers["webhook-signature"]).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);

    // a standard implementation accepts the signature and rejects a tampered body or another secret
    const headers = hook!.headers as Record<string, string>;
    expect(new Webhook(SECRET).verify(hook!.body, headers)).toMatchObject({ id: event.id });
    const tampered = hook!.body.replace(org, "someone-else");
    expect(() => new Webhook(SECRET).verify(tampered, headers)).toThrow();
    expect(() => new Webhook("whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=").verify(hook!.body, headers)).toThrow();
    // and so does the README's snippet
    const verifyWebhook = await readmeVerifier();
    expect(verifyWebhook(SECRET, hook!.headers, hook!.body)).toBe(true);
    expect(verifyWebhook(SECRET, hook!.headers, tampered)).toBe(false);
    const [slack] = hooks.requests.filter((r) => r.path === "/slack");
    expect(verifyWebhook(SECRET, slack!.headers, slack!.body)).toBe(true);
    expect(slack!.body).toContain("&lt;!channel&gt; &amp; Sons");
    expect(slack!.body).not.toContain("<!channel>");

    // the redirect was a failed attempt, never followed
    expect(hooks.requests.filter((r) => r.path === "/moved")).toHaveLength(1);
    expect(hooks.requests.filter((r) => r.path === "/hook")).toHaveLength(1);
    const [moved] = await db.sql`select attempts, last_error from alert_deliveries where channel = 'webhook:moved'`;
    expect(moved).toMatchObject({ attempts: 1 });
    expect(moved?.last_error).toMatch(/answered 302 \(a redirect to \/hook\); redirects are not followed/);

    // a second pass, or a second analyzer, delivers nothing twice (the redirecting one retries later)
    const second = await createAnalyzer(
      analyzerEnv(db, [{ name: "hr-ops", url: `${hooks.base}/hook`, format: "json", secret: SECRET }]),
      logger,
    );
    onTestFinished(() => second.close());
    expect(await second.deliver()).toEqual({ delivered: 0, failed: 0 });
    expect(hooks.requests.filter((r) => r.path === "/hook")).toHaveLength(1);
    const [rows] = await db.sql`
      select count(*)::int as n, count(*) filter (where delivered_at is not null)::int as delivered
      from alert_deliveries`;
    expect(rows).toEqual({ n: 4, delivered: 3 });

    // a channel configured later gets changes from its backfill window, never older history
    await db.sql`update alert_outbox set created_at = now() - interval '3 days'`;
    const late = await createAnalyzer(
      analyzerEnv(db, [{ name: "late", url: `${hooks.base}/late`, format: "json", secret: SECRET }]),
      logger,
    );
    onTestFinished(() => late.close());
    await late.deliver();
    expect(hooks.requests.filter((r) => r.path === "/late")).toHaveLength(0);
    const [lateRows] = await db.sql`select count(*)::int as n from alert_deliveries where channel = 'webhook:late'`;
    expect(lateRows?.n).toBe(0);
  });

  it("refuse a target that resolves to a private address at send time", async () => {
    const db = await createTestDatabase();
    await organisationWithAlert(db);
    await runAnalysis({ db: db.client.db, logger, batchSize: 10 }, "2026-11-06T12:00:00Z");
    const result = await dispatchDue({
      db: db.client.db,
      channels: [
        {
          id: "webhook:inside",
          kind: "webhook",
          name: "inside",
          url: "https://hooks.example/hook",
          format: "json",
          signingKey: Buffer.alloc(32, 1),
          allowPrivate: false,
        },
      ],
      producer: {} as Producer,
      logger,
      retry: { baseDelayMs: 1_000, maxDelayMs: 60_000 },
      webhookTimeoutMs: 1_000,
      resolveHost: async () => ["93.184.216.34", "169.254.169.254"],
    });
    expect(result).toEqual({ delivered: 0, failed: 1 });
    const [row] = await db.sql`select last_error from alert_deliveries where channel = 'webhook:inside'`;
    expect(row?.last_error).toBe(
      "webhook inside: https://hooks.example/hook resolves to private address 169.254.169.254; not sent",
    );
  });
});

describe("webhook configuration", () => {
  const run = async (env: Record<string, string>) => {
    try {
      await promisify(execFile)(process.execPath, [analyzerMain, "run-once"], {
        env: {
          PATH: process.env.PATH,
          KAFKA_BROKERS: "127.0.0.1:1",
          DATABASE_URL: "postgres://nobody@127.0.0.1:1/none",
          ...env,
        },
        timeout: 20_000,
      });
      return { code: 0, stderr: "" as string };
    } catch (error) {
      const failed = error as { code: number; stderr: string };
      return { code: failed.code, stderr: failed.stderr };
    }
  };
  const webhook = (extra: Record<string, unknown>) =>
    JSON.stringify([{ name: "hr-ops", url: "http://127.0.0.1:5432/", secret: SECRET, ...extra }]);

  it("refuses a private target at start-up with a clear error, exit 2", async () => {
    expect(await run({ ALERT_WEBHOOKS: webhook({}) })).toEqual({
      code: 2,
      stderr:
        'config: ALERT_WEBHOOKS[0].url: http://127.0.0.1:5432/ is a private address (127.0.0.1); set ALERT_WEBHOOKS_ALLOW_PRIVATE=true or "allowPrivate": true on webhook hr-ops to allow\n',
    });
    const byName = await run({ ALERT_WEBHOOKS: webhook({ url: "http://localhost:9/hook" }) });
    expect(byName.code).toBe(2);
    expect(byName.stderr).toMatch(/^config: ALERT_WEBHOOKS\[0\]\.url: http:\/\/localhost:9\/hook is a private address/);
  });

  it("starts and runs when the operator allows private targets", async () => {
    const db = await createTestDatabase();
    for (const env of [
      { ALERT_WEBHOOKS: webhook({ allowPrivate: true }) },
      { ALERT_WEBHOOKS: webhook({}), ALERT_WEBHOOKS_ALLOW_PRIVATE: "true" },
    ]) {
      const result = await run({
        ...env,
        KAFKA_BROKERS: String(inject("kafkaBrokers")),
        DATABASE_URL: db.url,
        ALERTS_TOPIC: `staffing.alerts.${suffix()}`,
        LOG_LEVEL: "warn",
      });
      expect(result, result.stderr).toEqual({ code: 0, stderr: "" });
    }
  });

  it("refuses a webhook without a secret, naming it", async () => {
    const result = await run({ ALERT_WEBHOOKS: JSON.stringify([{ name: "hr-ops", url: "https://hooks.example/x" }]) });
    expect(result).toEqual({
      code: 2,
      stderr:
        'config: ALERT_WEBHOOKS.0.secret: webhook hr-ops has no secret: set "secret": "whsec_<base64 key>" or "secretFile" (deliveries are signed)\n',
    });
  });
});
