import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

// The plumbing every vendor stand-in shares: a node:http server on a free port, the raw
// request handed to the vendor's router, a log of what was asked, and throttling on demand
// (the next N requests answer 429 with the vendor's Retry-After), so a connector's
// back-off is exercised against the answer the vendor documents.

/** One request as the stand-in received it. */
export interface StandinRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

/** What the vendor's router answers. */
export interface StandinResponse {
  status: number;
  headers?: Record<string, string>;
  json?: unknown;
}

/** How a vendor answers when it throttles. */
export interface ThrottleAnswer {
  retryAfterSeconds: number;
  body: unknown;
}

/** A running stand-in. */
export interface StandinServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** Every request so far (method and path with query), oldest first. */
  requests: string[];
  /** The next `count` requests whose path starts with `pathPrefix` answer 429. */
  throttleNext(count: number, pathPrefix?: string, retryAfterSeconds?: number): void;
  /** How many 429s were answered. */
  throttled(): number;
  close(): Promise<void>;
}

/** Starts a stand-in around a vendor router on 127.0.0.1 and any free port (or `port`). */
export async function startStandinServer(
  route: (request: StandinRequest) => StandinResponse | Promise<StandinResponse>,
  throttleAnswer: (retryAfterSeconds: number) => ThrottleAnswer,
  port = 0,
): Promise<StandinServer> {
  const requests: string[] = [];
  let pending: { count: number; prefix: string; retryAfter: number } | undefined;
  let throttledCount = 0;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? "/", "http://standin");
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    let answer: StandinResponse;
    if (pending !== undefined && pending.count > 0 && url.pathname.startsWith(pending.prefix)) {
      pending.count--;
      throttledCount++;
      const throttle = throttleAnswer(pending.retryAfter);
      answer = { status: 429, headers: { "retry-after": String(throttle.retryAfterSeconds) }, json: throttle.body };
    } else {
      try {
        answer = await route({
          method: req.method ?? "GET",
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body: Buffer.concat(chunks),
        });
      } catch (error) {
        answer = { status: 500, json: { error: String(error) } };
      }
    }
    const body = answer.json === undefined ? "" : JSON.stringify(answer.json);
    res.writeHead(answer.status, {
      ...(answer.json === undefined ? {} : { "content-type": "application/json; charset=utf-8" }),
      ...answer.headers,
    });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  // a stand-in never keeps a process alive on its own (`hr-radar demo --exit` ends when it is done)
  server.unref();
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    throttleNext(count, pathPrefix = "/", retryAfterSeconds = 1) {
      pending = { count, prefix: pathPrefix, retryAfter: retryAfterSeconds };
    },
    throttled: () => throttledCount,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Reads HTTP Basic credentials (`user:password`), or undefined. */
export function basicCredentials(request: StandinRequest): { user: string; password: string } | undefined {
  const header = request.headers.authorization;
  if (header === undefined || !header.startsWith("Basic ")) return undefined;
  const decoded = Buffer.from(header.slice(6), "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return undefined;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
