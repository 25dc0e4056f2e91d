import { createServer } from "node:http";
import { describe, expect, it, onTestFinished } from "vitest";
import { createHttpClient, retryAfterMs, VendorHttpError } from "./http-client.ts";

/** A local server answering the given statuses in turn (then 200). */
async function answering(statuses: { status: number; retryAfter?: string }[]) {
  let calls = 0;
  const server = createServer((_req, res) => {
    const next = statuses[calls++];
    if (!next) return void res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    res.writeHead(next.status, next.retryAfter ? { "retry-after": next.retryAfter } : {}).end("slow down");
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", () => done()));
  onTestFinished(() => new Promise<void>((done) => server.close(() => done())));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, calls: () => calls };
}

describe("http client", () => {
  it("reads Retry-After as seconds or an HTTP date", () => {
    expect(retryAfterMs("3")).toBe(3000);
    expect(retryAfterMs("Tue, 01 Dec 2026 10:00:05 GMT", Date.parse("2026-12-01T10:00:00Z"))).toBe(5000);
    expect(retryAfterMs(null)).toBeNull();
    expect(retryAfterMs("soon")).toBeNull();
  });

  it("waits as long as a 429 asks, backs off on 5xx, and succeeds", async () => {
    const server = await answering([{ status: 429, retryAfter: "2" }, { status: 503 }]);
    const waits: number[] = [];
    const http = createHttpClient({ baseDelayMs: 100, sleep: async (ms) => void waits.push(ms) });
    expect(await http.json({ url: server.url })).toEqual({ ok: true });
    expect(waits[0]).toBe(2000);
    expect(waits[1]).toBeGreaterThanOrEqual(160); // the second attempt: 100 ms doubled, ±20%
    expect(waits[1]).toBeLessThanOrEqual(240);
    expect(server.calls()).toBe(3);
  });

  it("gives up after maxAttempts, fails a 401 at once, and refuses a Retry-After beyond its limit", async () => {
    const sleep = async () => {};
    const busy = await answering([{ status: 500 }, { status: 500 }, { status: 500 }]);
    await expect(createHttpClient({ maxAttempts: 3, sleep }).json({ url: busy.url })).rejects.toThrow(
      /gave up after 3 attempts/,
    );
    const refused = await answering([{ status: 401 }]);
    const error = await createHttpClient({ sleep })
      .json({ url: refused.url })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VendorHttpError);
    expect((error as VendorHttpError).unauthorised).toBe(true);
    expect(refused.calls()).toBe(1);
    const long = await answering([{ status: 429, retryAfter: "3600" }]);
    await expect(createHttpClient({ maxDelayMs: 60_000, sleep }).json({ url: long.url })).rejects.toThrow(
      /the next run retries/,
    );
  });
});
