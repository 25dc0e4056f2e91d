import { addDays, MergeHrisStandin, utcToday } from "@hr-radar/vendor-standins";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextFor, drain, memoryStore, perDay } from "../testing/run-adapter.ts";
import { mergeHrisAdapter } from "./adapter.ts";

const today = utcToday();
const startDate = addDays(today, -365);
const standin = new MergeHrisStandin({ seed: 21, size: 45, today, historyDays: 500, requestsPerMinute: 10_000 });
const secrets = { apiKey: standin.apiKey, accountToken: standin.accountToken, webhookSecret: standin.signatureKey };

beforeAll(() => standin.start().then(() => undefined));
afterAll(() => standin.stop());

const run = (store = memoryStore()) => ({
  store,
  ctx: contextFor(mergeHrisAdapter, store, {
    config: { baseUrl: standin.baseUrl, linkedAccountId: standin.linkedAccountId },
    secrets,
    startDate,
    today,
  }),
});

describe("Merge HRIS adapter against the stand-in", () => {
  it("first sync: the stand-in's hires and terminations per day, today's headcount by department", async () => {
    const { store, ctx } = run();
    const events = await drain(mergeHrisAdapter.firstSync(ctx), store);
    const expected = standin.expected(startDate);
    expect(perDay(events, "hrradar.employee.hired.v1", "hiredOn")).toEqual(expected.hiresByDay);
    expect(perDay(events, "hrradar.employee.terminated.v1", "terminatedOn")).toEqual(expected.terminationsByDay);
    const snapshot = events.find(
      (e) => e.type === "hrradar.headcount.snapshot.v1" && (e.data as unknown as { asOf: string }).asOf === today,
    );
    expect(snapshot?.data).toMatchObject({ headcount: expected.headcountToday });
    // expanded, paged by the `next` cursor with the same query
    const pages = standin.requests.filter((r) => r.startsWith("GET /api/hris/v1/employees?"));
    expect(pages.length).toBe(1);
    expect(pages[0]).toContain("expand=employments%2Cgroups");
  });

  it("pages with the next cursor, and reconciles with modified_after: only what changed", async () => {
    const store = memoryStore();
    const ctx = contextFor(mergeHrisAdapter, store, {
      config: { baseUrl: standin.baseUrl, linkedAccountId: standin.linkedAccountId, pageSize: 10 },
      secrets,
      startDate,
      today,
    });
    const from = standin.requests.length;
    const first = await drain(mergeHrisAdapter.firstSync(ctx), store);
    const pages = standin.requests.slice(from).filter((r) => r.startsWith("GET /api/hris/v1/employees?"));
    expect(pages.length).toBe(5); // 45 employees, 10 a page
    expect(pages.slice(1).every((r) => r.includes("cursor="))).toBe(true);
    expect(first.filter((e) => e.type === "hrradar.employee.hired.v1").length).toBe(
      Object.values(standin.expected(startDate).hiresByDay).reduce((a, b) => a + b, 0),
    );
    const before = standin.requests.length;
    const person = standin.employees().find((p) => p.terminatedOn === null && p.department !== "Sales")!;
    const cursor = new Date(Date.now() - 1000).toISOString();
    standin.moveDepartment(person.id, "Sales");
    const events = await drain(mergeHrisAdapter.reconcile(ctx, cursor), store);
    expect(standin.requests.slice(before).every((r) => r.includes("modified_after="))).toBe(true);
    expect(events.map((e) => [e.type, (e.data as { department?: string }).department])).toEqual([
      ["hrradar.employee.changed.v1", "Sales"],
    ]);
    expect(await drain(mergeHrisAdapter.reconcile(ctx, cursor), store)).toEqual([]);
  });

  it("429 per Linked Account is waited out", async () => {
    const { store, ctx } = run();
    standin.throttleNext(2);
    await drain(mergeHrisAdapter.firstSync(ctx), store);
    expect(store.retries).toBe(2);
  });

  it("webhooks: signature checked on the raw body, other Linked Accounts ignored, repeats produce nothing", async () => {
    const { store, ctx } = run();
    await drain(mergeHrisAdapter.firstSync(ctx), store);
    const newcomer = standin.hire({ department: "Engineering", jobTitle: "Recruiter", hiredOn: today });
    const raw = Buffer.from(standin.webhookBody("Employee.created", newcomer));
    const headers = {
      "x-merge-webhook-signature": (await import("@hr-radar/vendor-standins")).signMergeWebhook(
        raw.toString(),
        standin.signatureKey,
      ),
    };
    expect(
      mergeHrisAdapter.verifyWebhook({ rawBody: raw, headers, secret: standin.signatureKey, now: new Date() }),
    ).toEqual({ ok: true });
    expect(
      mergeHrisAdapter.verifyWebhook({
        rawBody: Buffer.concat([raw, Buffer.from(" ")]),
        headers,
        secret: standin.signatureKey,
        now: new Date(),
      }).ok,
    ).toBe(false);
    const changes = mergeHrisAdapter.webhookChanges(raw, ctx.config)!;
    expect(changes).toEqual([{ recordId: standin.mergeId(newcomer), action: "Employee.created" }]);
    expect(mergeHrisAdapter.webhookChanges(raw, { ...ctx.config, linkedAccountId: "another-account" })).toEqual([]);
    const ids = changes.map((c) => c.recordId);
    const first = await drain(mergeHrisAdapter.fetchChanged(ctx, ids), store);
    expect(first.map((e) => [e.type, e.data])).toEqual([
      [
        "hrradar.employee.hired.v1",
        expect.objectContaining({ hiredOn: today, hrRole: "specialist", hrFunction: "recruiting" }),
      ],
    ]);
    expect(await drain(mergeHrisAdapter.fetchChanged(ctx, ids), store)).toEqual([]);
  });
});
