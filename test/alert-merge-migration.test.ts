import { randomUUID } from "node:crypto";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { describe, expect, inject, it, onTestFinished } from "vitest";
import { databaseUrl } from "./support/postgres-admin.ts";

// Migration 0010 turns alerts per organisation x function x rule into one per organisation
// x function: a database at 0009 with two open alerts on one function (and their history,
// outbox and deliveries) comes out with one alert holding both as reasons, the earliest
// opening time, and every history, outbox and delivery row.

const MERGE = "0010_one_alert_per_function";
const MIGRATIONS_FOLDER = resolve(import.meta.dirname, "../packages/db/migrations");

/** A copy of the migrations folder that stops before `tag`. */
async function migrationsBefore(tag: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "hr-migrations-"));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  await cp(MIGRATIONS_FOLDER, dir, { recursive: true });
  const journalPath = join(dir, "meta/_journal.json");
  const journal = JSON.parse(await readFile(journalPath, "utf8")) as { entries: { tag: string }[] };
  const index = journal.entries.findIndex((e) => e.tag === tag);
  expect(index).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, index);
  await writeFile(journalPath, JSON.stringify(journal));
  return dir;
}

describe("migration 0010: one alert per organisation x function", () => {
  it("merges open alerts of one function into the earliest, keeping history, outbox and deliveries", async () => {
    const server = inject("postgresUrl");
    const name = `hr_merge_${randomUUID().slice(0, 8)}`;
    const admin = postgres(server, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    const sql = postgres(databaseUrl(server, name), { max: 1, onnotice: () => {} });
    onTestFinished(async () => {
      await sql.end();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    });
    await migrate(drizzle(sql), { migrationsFolder: await migrationsBefore(MERGE) });

    const alert = async (rule: string, severity: string, status: string, openedAt: string, fn = "health_safety") => {
      const [row] = await sql<{ alert_id: string }[]>`
        insert into alerts (organisation_id, hr_function, rule_id, rule_version, status, recommendation, severity,
                            fired_rules, summary, evidence, opened_at, updated_at)
        values ('steel', ${fn}, ${rule}, 1, ${status}, 'hire_specialist', ${severity},
                ${JSON.stringify([
                  { ruleId: rule, version: 1 },
                  { ruleId: "size-band", version: 1 },
                ])}::jsonb, ${`${rule} says hire.`}, ${JSON.stringify({ metric: rule })}::jsonb, ${openedAt}, ${openedAt})
        returning alert_id`;
      const id = Number(row!.alert_id);
      const [history] = await sql<{ history_id: string }[]>`
        insert into alert_history (alert_id, change, status, recommendation, severity, summary, evidence, changed_at)
        values (${id}, 'raised', 'open', 'hire_specialist', ${severity}, ${`${rule} says hire.`},
                ${JSON.stringify({ metric: rule })}::jsonb, ${openedAt})
        returning history_id`;
      const [outbox] = await sql<{ outbox_id: string }[]>`
        insert into alert_outbox (idempotency_key, alert_id, history_id, event)
        values (${`hr-radar:alert:${id}:${history!.history_id}`}, ${id}, ${history!.history_id}, ${JSON.stringify({ id })}::jsonb)
        returning outbox_id`;
      await sql`insert into alert_deliveries (outbox_id, channel, alert_id) values (${outbox!.outbox_id}, 'kafka', ${id})`;
      return id;
    };
    const regulation = await alert("regulated-industry", "medium", "acknowledged", "2026-10-05T06:00:00Z");
    const depth = await alert("escalation-depth", "high", "open", "2026-10-19T06:00:00Z");
    const compliance = await alert("regulated-industry", "medium", "open", "2026-10-05T06:00:00Z", "compliance");
    const old = await alert("sustained-load", "low", "resolved", "2026-01-05T06:00:00Z");

    await migrate(drizzle(sql), { migrationsFolder: MIGRATIONS_FOLDER });

    const rows = await sql<
      {
        alert_id: string;
        hr_function: string;
        rule_id: string;
        status: string;
        severity: string;
        summary: string;
        opened_at: string;
        fired_rules: { ruleId: string }[];
        reasons: { ruleId: string; severity: string; summary: string; evidence: unknown }[];
      }[]
    >`select * from alerts order by alert_id`;
    expect(rows.map((r) => [Number(r.alert_id), r.hr_function, r.status])).toEqual([
      [regulation, "health_safety", "open"],
      [compliance, "compliance", "open"],
      [old, "health_safety", "resolved"],
    ]);
    const merged = rows[0]!;
    // the earliest opening, the most severe reason leading, every reason with its own evidence
    expect(new Date(merged.opened_at).toISOString()).toBe("2026-10-05T06:00:00.000Z");
    expect(merged).toMatchObject({ rule_id: "escalation-depth", severity: "high" });
    expect(merged.summary).toBe("escalation-depth says hire. Also backed by regulated-industry.");
    expect(merged.reasons.map((r) => [r.ruleId, r.severity, r.summary])).toEqual([
      ["escalation-depth", "high", "escalation-depth says hire."],
      ["regulated-industry", "medium", "regulated-industry says hire."],
    ]);
    expect(merged.reasons[1]!.evidence).toEqual({ metric: "regulated-industry" });
    expect(merged.fired_rules.map((r) => r.ruleId)).toEqual(["escalation-depth", "regulated-industry", "size-band"]);
    // the single ones have their own rule as their one reason
    expect(rows[1]!.reasons.map((r) => r.ruleId)).toEqual(["regulated-industry"]);
    expect(rows[2]!.reasons.map((r) => r.ruleId)).toEqual(["sustained-load"]);

    // nothing lost: both alerts' history, outbox and deliveries now belong to the merged one
    const owners = await sql`
      select (select count(*) from alert_history where alert_id = ${regulation})::int as history,
             (select count(*) from alert_outbox where alert_id = ${regulation})::int as outbox,
             (select count(*) from alert_deliveries where alert_id = ${regulation})::int as deliveries,
             (select count(*) from alert_history where alert_id = ${depth})::int as orphans,
             (select count(*) from alert_history where jsonb_array_length(reasons) = 1)::int as history_with_reason,
             (select count(*) from alert_history)::int as all_history`;
    expect(owners[0]).toEqual({
      history: 2,
      outbox: 2,
      deliveries: 2,
      orphans: 0,
      history_with_reason: 4,
      all_history: 4,
    });

    // and from now on one open alert per function
    await expect(
      sql`insert into alerts (organisation_id, hr_function, rule_id, rule_version, recommendation, severity,
                              fired_rules, summary, evidence, opened_at, updated_at)
          values ('steel', 'health_safety', 'cost-break-even', 1, 'hire_specialist', 'low', '[]', 's', '{}', now(), now())`,
    ).rejects.toThrow(/alerts_one_open_per_function/);
  });
});
