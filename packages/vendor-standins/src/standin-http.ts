// The small HTTP plumbing the HRIS stand-ins share (the helpdesk stand-ins have their server
// in helpdesk-http.ts; every stand-in delivers its webhooks with `deliverWebhook` below): a
// node:http server on a free port, JSON and problem answers, and a per-minute request budget
// that answers 429 the way the vendor does. Each stand-in decides its own paths, auth and bodies.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A request as a stand-in route sees it. */
export interface StandinRequest {
  method: string;
  url: URL;
  headers: IncomingMessage["headers"];
  body: Buffer;
}

/** What a route answers. */
export interface StandinResponse {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

/** A running stand-in server. */
export interface RunningStandin {
  /** e.g. http://127.0.0.1:40123 */
  baseUrl: string;
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 (port 0 = any free port) that hands every request to `handle`. */
export async function startStandinServer(
  handle: (request: StandinRequest) => StandinResponse | Promise<StandinResponse>,
  port = 0,
): Promise<RunningStandin> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const request: StandinRequest = {
        method: req.method ?? "GET",
        url: new URL(req.url ?? "/", "http://standin.local"),
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      Promise.resolve()
        .then(() => handle(request))
        .then((answer) => send(res, answer))
        .catch((error: unknown) => send(res, { status: 500, body: { error: String(error) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: ServerResponse, answer: StandinResponse): void {
  const headers: Record<string, string> = { ...answer.headers };
  let payload = "";
  if (answer.body !== undefined) {
    payload = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body);
    headers["content-type"] ??= "application/json";
  }
  res.writeHead(answer.status, headers);
  res.end(payload);
}

/**
 * Requests allowed per rolling minute, plus forced 429s on demand (`throttleNext`), so a
 * test can make the connector meet the vendor's throttling answer without sending hundreds
 * of requests.
 */
export class RequestBudget {
  private readonly seen: number[] = [];
  private forced = 0;
  private readonly perMinute: number;
  private readonly retryAfterSeconds: number;

  constructor(perMinute: number, retryAfterSeconds: number) {
    this.perMinute = perMinute;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The next `count` requests are answered 429, whatever the budget says. */
  throttleNext(count: number): void {
    this.forced += count;
  }

  /** Counts a request; returns the seconds to wait when it is over the budget, else null. */
  take(nowMs: number): number | null {
    if (this.forced > 0) {
      this.forced -= 1;
      return this.retryAfterSeconds;
    }
    while (this.seen.length > 0 && this.seen[0]! <= nowMs - 60_000) this.seen.shift();
    if (this.seen.length >= this.perMinute) return Math.max(1, Math.ceil((this.seen[0]! + 60_000 - nowMs) / 1000));
    this.seen.push(nowMs);
    return null;
  }

  /** Requests left in the current minute (for rate-limit headers). */
  remaining(nowMs: number): number {
    return Math.max(0, this.perMinute - this.seen.filter((t) => t > nowMs - 60_000).length);
  }

  /** The configured requests per minute. */
  get limit(): number {
    return this.perMinute;
  }
}

/** A header's single value (node gives arrays for repeated headers). */
export function headerValue(headers: IncomingMessage["headers"], name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value.at(-1) : value;
}

/** POSTs a raw body to a URL; returns the receiver's status (the stand-in's webhook delivery). */
export async function deliverWebhook(url: string, rawBody: string, headers: Record<string, string>): Promise<number> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: rawBody,
  });
  await response.arrayBuffer();
  return response.status;
}
