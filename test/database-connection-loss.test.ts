// What a service's database pool does when Postgres drops a connection under it (a restart,
// a failover, an admin's pg_terminate_backend). postgres.js 3.4.9 threw from a setImmediate
// when a transaction kept writing to a closed socket, which killed the whole process, and a
// reserved connection that died went back to the pool dead. patches/postgres@3.4.9.patch
// fixes both; these tests fail (an uncaught TypeError, or failed queries) without it.
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { describe, expect, inject, it, onTestFinished } from "vitest";
import { createTestDatabase } from "./support/database.ts";

/** A connection of its own that ends other sessions, as a Postgres shutdown would. */
function terminator(): (pid: number) => Promise<void> {
  const admin = postgres(inject("postgresUrl"), { max: 1, onnotice: () => {} });
  onTestFinished(() => admin.end());
  return async (pid) => {
    await admin`select pg_terminate_backend(${pid})`;
    for (let waited = 0; waited < 10_000; waited += 50) {
      const rows = await admin`select 1 from pg_stat_activity where pid = ${pid}`;
      if (rows.length === 0) break;
      await new Promise((done) => setTimeout(done, 50));
    }
    // the backend's exit reaches the client as a socket close a moment later
    await new Promise((done) => setTimeout(done, 200));
  };
}

const backendPid = (rows: unknown): number => Number((rows as { pid: number }[])[0]!.pid);

describe("database pool when Postgres drops a connection", () => {
  it("fails the transaction with a connection error, keeps the process alive, and serves the next queries", {
    timeout: 30_000,
  }, async () => {
    const { client } = await createTestDatabase();
    const terminate = terminator();
    // The transaction rejects as soon as its connection closes, while its callback runs on
    // and issues statements on the dead connection: that is where the process used to die.
    let lateStatements!: (settled: PromiseSettledResult<unknown>[]) => void;
    const callbackFinished = new Promise<PromiseSettledResult<unknown>[]>((done) => (lateStatements = done));

    const outcome = await client.db
      .transaction(async (tx) => {
        await terminate(backendPid(await tx.execute(sql`select pg_backend_pid() as pid`)));
        // the ingest's chunk transaction pipelines its writes: several statements at once
        lateStatements(
          await Promise.allSettled([tx.execute(sql`select 1`), tx.execute(sql`select 2`), tx.execute(sql`select 3`)]),
        );
      })
      .then(
        () => "committed",
        (error: unknown) => error,
      );

    expect(outcome).toBeInstanceOf(Error);
    const settled = await callbackFinished;
    expect(settled.map((s) => s.status)).toEqual(["rejected", "rejected", "rejected"]);
    // every pooled connection answers again: none was filed as open or busy while dead
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => client.sql`select ${i}::int as n`));
    expect(answers.map((rows) => rows[0]!.n)).toEqual(Array.from({ length: 12 }, (_, i) => i));
  });

  it("rejects statements on a reserved connection that died, and gives the pool a live one after release", {
    timeout: 30_000,
  }, async () => {
    const { client } = await createTestDatabase();
    const terminate = terminator();
    const reserved = await client.sql.reserve();
    const [{ pid }] = (await reserved`select pg_backend_pid() as pid`) as unknown as [{ pid: number }];
    await terminate(pid);

    // CONNECTION_CLOSED once the client has seen the close (57P01 or a reset if a statement
    // raced it): a catchable error either way
    const lost = { code: expect.stringMatching(/^(CONNECTION_CLOSED|57P01|ECONNRESET)$/) };
    await expect(reserved`select 1`).rejects.toMatchObject(lost);
    await expect(reserved`select 2`).rejects.toMatchObject(lost);
    reserved.release();

    for (let round = 0; round < 5; round++) {
      const pids = await Promise.all(Array.from({ length: 4 }, () => client.sql`select pg_backend_pid() as pid`));
      expect(pids.map((rows) => Number(rows[0]!.pid))).not.toContain(pid);
    }
  });
});
