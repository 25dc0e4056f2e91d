import { setTimeout as sleep } from "node:timers/promises";

// The one HTTP call the helpdesk clients make: JSON in and out, 429 answered by waiting for
// the vendor's Retry-After (seconds or an HTTP date; exponential back-off when absent) up
// to a number of attempts, other failures as a named error with the status and the
// vendor's message, never the credentials.

/** A JSON request a client makes. */
export interface JsonRequest {
  method: "GET" | "POST";
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

/** Sends a JSON request and returns the parsed answer (throws {@link VendorHttpError}). */
export type JsonHttp = (request: JsonRequest) => Promise<unknown>;

/** A vendor answered with an error status (after any retries). */
export class VendorHttpError extends Error {
  override readonly name = "VendorHttpError";
  readonly status: number;
  readonly url: string;
  constructor(status: number, url: string, detail: string) {
    super(`${status} from ${redact(url)}: ${detail.slice(0, 300)}`);
    this.status = status;
    this.url = redact(url);
  }
  /** True for answers a later attempt may not get (throttling, server trouble). */
  get retryable(): boolean {
    return this.status === 429 || this.status >= 500;
  }
}

/** Settings of {@link createJsonHttp}. */
export interface JsonHttpOptions {
  maxAttempts?: number;
  /** The longest wait a Retry-After may impose before the call gives up. */
  maxRetryAfterMs?: number;
  baseBackoffMs?: number;
  /** Called before each wait, for logs and metrics. */
  onThrottle?: (info: { url: string; waitMs: number; attempt: number }) => void;
  fetch?: typeof fetch;
}

/** A {@link JsonHttp} over fetch that honours 429 + Retry-After and backs off on 5xx. */
export function createJsonHttp(options: JsonHttpOptions = {}): JsonHttp {
  const maxAttempts = options.maxAttempts ?? 6;
  const maxWait = options.maxRetryAfterMs ?? 120_000;
  const base = options.baseBackoffMs ?? 250;
  const doFetch = options.fetch ?? fetch;
  return async (request) => {
    for (let attempt = 1; ; attempt++) {
      const response = await doFetch(request.url, {
        method: request.method,
        headers: {
          accept: "application/json",
          ...(request.body === undefined ? {} : { "content-type": "application/json" }),
          ...request.headers,
        },
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      });
      const text = await response.text();
      if (response.ok) return text === "" ? {} : JSON.parse(text);
      const error = new VendorHttpError(response.status, request.url, text);
      if (!error.retryable || attempt >= maxAttempts) throw error;
      const waitMs = Math.min(maxWait, retryAfterMs(response.headers.get("retry-after")) ?? base * 2 ** (attempt - 1));
      options.onThrottle?.({ url: redact(request.url), waitMs, attempt });
      await sleep(waitMs);
    }
  };
}

/** Retry-After as milliseconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function retryAfterMs(header: string | null): number | undefined {
  if (header === null || header.trim() === "") return undefined;
  if (/^\d+$/.test(header.trim())) return Number(header.trim()) * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function redact(url: string): string {
  return url.replace(/([?&](?:token|api_key|key)=)[^&]*/gi, "$1***");
}

/** HTTP Basic credentials. */
export function basicAuth(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
}
