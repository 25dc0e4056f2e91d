import { addDays, PersonioStandin, utcToday } from "@hr-radar/vendor-standins";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextFor, drain, memoryStore, perDay } from "../testing/run-adapter.ts";
import { personioAdapter } from "./adapter.ts";

const today = utcToday();
const startDate = addDays(today, -365);
const standin = new PersonioStandin({ seed: 13, size: 40, today, historyDays: 500, requestsPerMinute: 10_000 });
const secrets = { clientId: standin.clientId, clientSecret: standin.clientSecret, webhookSecret: standin.webhookToken };

beforeAll(() => standin.start().then(() => undefined));
afterAll(() => standin.stop());

const run = (store = memoryStore()) => ({
  store,
  ctx: contextFor(personioAdapter, store, { config: { baseUrl: standin.baseUrl }, secrets, startDate, today }),
});

describe("Personio adapter against the stand-in", () => {
  it("first sync: the stand-in's own hires and terminations per day, today's headcount by department", async () => {
    const { store, ctx } = run();
    const events = await drain(personioAdapter.firstSync(ctx), store);
    const expected = standin.expected(startDate);
    expect(perDay(events, "hrradar.employee.hired.v1", "hiredOn")).toEqual(expected.hiresByDay);
    expect(perDay(events, "hrradar.employee.terminated.v1", "terminatedOn")).toEqual(expected.terminationsByDay);
    const snapshot = events.find(
      (e) => e.type === "hrradar.headcount.snapshot.v1" && (e.data as unknown as { asOf: string }).asOf === today,
    );
    expect(snapshot?.data).toMatchObject({ headcount: expected.headcountToday });
    const departments = Object.fromEntries(
      (snapshot!.data as unknown as { departments: { department: string; headcount: number }[] }).departments.map(
        (d) => [d.department, d.headcount],
      ),
    );
    expect(departments).toEqual(expected.departmentsToday);
    // one employments call per person, org units looked up once each
    expect(standin.requests.filter((r) => /^GET \/v2\/persons\/\d+\/employments/.test(r)).length).toBe(40);
    expect(standin.requests.filter((r) => r.startsWith("GET /v2/org-units/")).length).toBeLessThanOrEqual(5);
    // no personal data in what is produced or stored
    const text = JSON.stringify([events, [...store.states.values()]]);
    for (const person of standin.employees()) expect(text).not.toContain(person.email);
  });

  it("a second first sync over stored states, and a reconciliation with nothing changed, produce no person events", async () => {
    const { store, ctx } = run();
    await drain(personioAdapter.firstSync(ctx), store);
    const again = await drain(personioAdapter.firstSync(ctx), store);
    expect(again.filter((e) => e.type.startsWith("hrradar.employee."))).toEqual([]);
    expect(await drain(personioAdapter.reconcile(ctx, null), store)).toEqual([]);
    expect(store.checkpoint).not.toBeNull();
  });

  it("pages persons with the documented cursor (_meta.links.next)", async () => {
    const store = memoryStore();
    const ctx = contextFor(personioAdapter, store, {
      config: { baseUrl: standin.baseUrl, pageSize: 15 },
      secrets,
      startDate,
      today,
    });
    const from = standin.requests.length;
    await drain(personioAdapter.firstSync(ctx), store);
    const pages = standin.requests.slice(from).filter((r) => r.startsWith("GET /v2/persons?"));
    expect(pages.length).toBe(3); // 40 persons, 15 a page
    expect(pages.slice(1).every((r) => r.includes("cursor=cur_"))).toBe(true);
    expect(store.states.size).toBe(40);
  });

  it("waits out 429s (Retry-After) and still reads everything", async () => {
    const { store, ctx } = run();
    standin.throttleNext(3);
    const events = await drain(personioAdapter.firstSync(ctx), store);
    expect(store.retries).toBe(3);
    expect(events.filter((e) => e.type === "hrradar.employee.hired.v1").length).toBe(
      Object.values(standin.expected(startDate).hiresByDay).reduce((a, b) => a + b, 0),
    );
  });

  it("webhook: verified by the token, names the person, who is fetched: a termination once", async () => {
    const { store, ctx } = run();
    await drain(personioAdapter.firstSync(ctx), store);
    const person = standin.employees().find((p) => p.terminatedOn === null)!;
    standin.terminate(person.id, today);
    const raw = Buffer.from(standin.webhookBody("employment.terminated", person.id));
    expect(
      personioAdapter.verifyWebhook({
        rawBody: raw,
        headers: { authorization: standin.webhookToken },
        secret: standin.webhookToken,
        now: new Date(),
      }),
    ).toEqual({ ok: true });
    expect(
      personioAdapter.verifyWebhook({
        rawBody: raw,
        headers: { authorization: "Bearer forged" },
        secret: standin.webhookToken,
        now: new Date(),
      }).ok,
    ).toBe(false);
    const changes = personioAdapter.webhookChanges(raw, ctx.config)!;
    expect(changes).toEqual([{ recordId: person.id, action: "employment.terminated" }]);
    const first = await drain(personioAdapter.fetchChanged(ctx, [person.id]), store);
    const repeat = await drain(personioAdapter.fetchChanged(ctx, [person.id]), store);
    expect(first.map((e) => [e.type, (e.data as { terminatedOn?: string }).terminatedOn])).toEqual([
      ["hrradar.employee.terminated.v1", today],
    ]);
    expect(repeat).toEqual([]);
  });
});
