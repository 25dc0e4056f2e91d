import { setTimeout as sleep } from "node:timers/promises";
import type { z } from "zod";

/** How a connection's HTTP client retries. */
export interface HttpClientOptions {
  /** Attempts per request, the first included. */
  maxAttempts?: number;
  /** First backoff after a failure without Retry-After; doubles per attempt (±20% jitter). */
  baseDelayMs?: number;
  /** The longest wait, whatever Retry-After asks (a longer one fails the request; the next run retries). */
  maxDelayMs?: number;
  /** Per attempt. */
  timeoutMs?: number;
  /** Told about every wait, for logs and metrics. */
  onRetry?: (info: { url: string; status: number | null; attempt: number; delayMs: number }) => void;
  /** For tests: the clock's sleep. */
  sleep?: (ms: number) => Promise<unknown>;
}

/** A vendor answer that was not a success after the retries (or one not worth retrying). */
export class VendorHttpError extends Error {
  readonly status: number | null;
  readonly url: string;
  constructor(status: number | null, url: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "VendorHttpError";
    this.status = status;
    this.url = url;
  }
  /** 401/403: the credentials are wrong, retrying will not help. */
  get unauthorised(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

/** A vendor answer that does not have the documented shape (the adapter's schema refused it). */
export class VendorAnswerError extends Error {
  constructor(vendor: string, where: string, issues: string) {
    super(`${vendor} answered ${where} with an unexpected shape: ${issues}`);
    this.name = "VendorAnswerError";
  }
}

/** Parses a vendor's answer with its documented schema, or throws a VendorAnswerError naming the first issues. */
export function parseVendorAnswer<T extends z.ZodType>(
  vendor: string,
  schema: T,
  body: unknown,
  where: string,
): z.output<T> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issues = result.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`)
    .join("; ");
  throw new VendorAnswerError(vendor, where, issues);
}

/** A JSON request to a vendor API. */
export interface HttpRequest {
  method?: "GET" | "POST";
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  /** Sent form-encoded instead of `body` (OAuth 2.0 token endpoints require it, RFC 6749 §4.4.2). */
  form?: Record<string, string>;
}

/** A rate-limit aware JSON client, one per connection (its retries never hold up another's). */
export interface HttpClient {
  json<T = unknown>(request: HttpRequest): Promise<T>;
}

const RETRIED = new Set([408, 425, 429, 500, 502, 503, 504]);

/**
 * The delay a `Retry-After` header asks for (delta-seconds or an HTTP date, RFC 9110
 * §10.2.3), or null when absent or unreadable.
 */
export function retryAfterMs(header: string | null, now: number = Date.now()): number | null {
  if (header === null || header.trim() === "") return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/**
 * Sends JSON requests with `fetch`, honouring 429/503 `Retry-After`, backing off
 * exponentially on other transient failures (network errors, 5xx), up to `maxAttempts`.
 * 4xx other than 408/425/429 fail at once: a bad request does not improve by repeating.
 */
export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const maxAttempts = options.maxAttempts ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const wait = options.sleep ?? sleep;
  return {
    async json<T>(request: HttpRequest): Promise<T> {
      for (let attempt = 1; ; attempt++) {
        let status: number | null = null;
        let retryAfter: number | null = null;
        let failure: Error;
        try {
          const response = await fetch(request.url, {
            method: request.method ?? "GET",
            headers: {
              accept: "application/json",
              ...(request.form !== undefined
                ? { "content-type": "application/x-www-form-urlencoded" }
                : request.body === undefined
                  ? {}
                  : { "content-type": "application/json" }),
              ...request.headers,
            },
            ...(request.form !== undefined
              ? { body: new URLSearchParams(request.form).toString() }
              : request.body === undefined
                ? {}
                : { body: JSON.stringify(request.body) }),
            redirect: "error",
            signal: AbortSignal.timeout(timeoutMs),
          });
          status = response.status;
          if (response.ok) return (await response.json()) as T;
          retryAfter = retryAfterMs(response.headers.get("retry-after"));
          const text = (await response.text()).slice(0, 300);
          failure = new VendorHttpError(status, request.url, `${request.url} answered ${status}: ${text}`);
          if (!RETRIED.has(status)) throw failure;
        } catch (error) {
          if (error instanceof VendorHttpError && !RETRIED.has(error.status ?? 0)) throw error;
          failure =
            error instanceof VendorHttpError
              ? error
              : new VendorHttpError(null, request.url, `${request.url}: ${(error as Error).message}`, { cause: error });
        }
        if (attempt >= maxAttempts)
          throw new VendorHttpError(status, request.url, `${failure.message} (gave up after ${attempt} attempts)`, {
            cause: failure,
          });
        const backoff = baseDelayMs * 2 ** (attempt - 1) * (0.8 + Math.random() * 0.4);
        const delayMs = retryAfter ?? Math.min(backoff, maxDelayMs);
        if (delayMs > maxDelayMs)
          throw new VendorHttpError(
            status,
            request.url,
            `${request.url} asks to retry after ${Math.round(delayMs / 1000)} s, longer than ${maxDelayMs / 1000} s: the next run retries`,
          );
        options.onRetry?.({ url: request.url, status, attempt, delayMs });
        await wait(delayMs);
      }
    },
  };
}
