import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import postgres from "postgres";
import { describe, expect, inject, it, onTestFinished } from "vitest";
import { freePort } from "./support/infra.ts";
import { databaseUrl } from "./support/postgres-admin.ts";

const cli = resolve(import.meta.dirname, "../packages/db/src/cli/migrate.ts");

/** Runs `pnpm migrate`'s entry point; resolves with its exit code and output. */
function migrate(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [cli], { env: { PATH: process.env.PATH ?? "", ...env } });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.on("exit", (code) => done({ code, output }));
  });
}

describe("migrate command", () => {
  it("migrates an empty database, is idempotent, and exits non-zero on failure", async () => {
    const server = inject("postgresUrl");
    const name = `hr_migrate_${randomUUID().slice(0, 8)}`;
    const admin = postgres(server, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database "${name}"`);
    onTestFinished(async () => {
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    });
    const url = databaseUrl(server, name);

    const first = await migrate({ DATABASE_URL: url });
    expect(first.code, first.output).toBe(0);
    expect((await migrate({ DATABASE_URL: url })).code).toBe(0);
    const db = postgres(url, { max: 1 });
    const tables = await db`select count(*)::int as n from information_schema.tables where table_schema = 'public'`;
    await db.end();
    expect(tables[0]?.n).toBeGreaterThanOrEqual(15);

    const missing = await migrate({});
    expect(missing.code).toBe(2);
    expect(missing.output).toMatch(/^DATABASE_URL: required/);

    const unreachable = await migrate({ DATABASE_URL: `postgres://postgres@127.0.0.1:${await freePort()}/nowhere` });
    expect(unreachable.code).toBe(1);
    expect(unreachable.output).toMatch(/^migrate: failed:/);
  });
});
