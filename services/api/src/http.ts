import type { z } from "@hono/zod-openapi";
import { toCsv } from "@hr-radar/queries";
import type { Context, MiddlewareHandler } from "hono";
import { etag } from "hono/etag";
import { Histogram, type Registry } from "prom-client";
import { decodeCursor, encodeCursor, type PageKey, queryFingerprint, takePage } from "./pagination.ts";
import { ApiProblem } from "./problems.ts";

// The conventions every read shares: content negotiation (JSON or CSV), pagination with
// a `next` link, conditional requests, and the request-latency histogram.

/** What the middleware hands the handlers: the token's scope, and whether no route matched. */
export type ApiEnv = { Variables: { organisationId: string; tokenName: string; unmatched?: boolean } };

/** An OpenAPI 200 response that is JSON by default and CSV on request. */
export const jsonOrCsv = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema }, "text/csv": { schema: { type: "string" as const } } },
});

/** Headers a browser on an allowed origin may read from an answer (CORS). */
export const EXPOSED_HEADERS = ["ETag", "Link", "Retry-After", "Content-Disposition", "WWW-Authenticate"];

/**
 * ETag (a digest of the body) and Cache-Control on successful reads, and 304 Not
 * Modified when If-None-Match names the current ETag. Answers are per token, so they are
 * `private`, and `no-cache` makes a client revalidate (cheap: a 304) before reusing one.
 */
export function conditionalReads(cacheControl: string): MiddlewareHandler {
  const tag = etag({
    retainedHeaders: [
      "cache-control",
      "etag",
      "vary",
      "date",
      "access-control-allow-origin",
      "access-control-expose-headers",
    ],
  });
  return async (c, next) =>
    tag(c, async () => {
      await next();
      if ((c.req.method === "GET" || c.req.method === "HEAD") && c.res.ok) {
        c.res.headers.set("cache-control", cacheControl);
        c.res.headers.append("vary", "Authorization, Accept");
      }
    });
}

/**
 * hr_radar_http_request_duration_seconds by method, route pattern (never the raw path, so
 * ids do not multiply the series) and status.
 */
export function requestDurations(registry: Registry): MiddlewareHandler<ApiEnv> {
  const seconds = new Histogram({
    name: "hr_radar_http_request_duration_seconds",
    help: "Time to answer an API request, by method, route pattern and status",
    labelNames: ["method", "route", "status"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return async (c, next) => {
    const stop = seconds.startTimer();
    await next();
    stop({ method: c.req.method, route: routeOf(c), status: String(c.res.status) });
  };
}

/** The route pattern that answered, or `unmatched` when no route did (404, 405). */
export const routeOf = (c: Context<ApiEnv>): string => (c.get("unmatched") ? "unmatched" : c.req.routePath);

/** Whether the client asked for CSV: `format=csv`, or no format and Accept naming text/csv. */
export const wantsCsv = (c: Context, format: string | undefined): boolean =>
  format === "csv" || (format === undefined && (c.req.header("accept") ?? "").includes("text/csv"));

/** A CSV answer, as a download named `filename` (`bom=true`: with a UTF-8 byte order mark). */
export function csvResponse(
  c: Context,
  rows: readonly Record<string, unknown>[],
  columns: readonly string[],
  options: { filename: string; bom: boolean },
): Response {
  const safe = options.filename.replace(/[^A-Za-z0-9._-]+/g, "_");
  return c.body(`${options.bom ? "\uFEFF" : ""}${toCsv(rows, columns)}`, 200, {
    "content-type": "text/csv; charset=utf-8",
    "content-disposition": `attachment; filename="${safe}"`,
  });
}

/**
 * The cursor of this request, checked against its query: the key the page resumes after
 * (null on the first page). A cursor from another query or a forged one is a 400.
 */
export function pageStart(c: Context): PageKey | null {
  const cursor = c.req.query("cursor");
  if (cursor === undefined) return null;
  const url = new URL(c.req.url);
  const read = decodeCursor(cursor, queryFingerprint(url.pathname, url.searchParams));
  if (!read.success)
    throw new ApiProblem("bad-request", `cursor: ${read.reason}`, {
      errors: [{ in: "query", name: "cursor", detail: read.reason }],
    });
  return read.key;
}

/**
 * One page of `rows` (sorted by `keyOf`, in `order`) and the link to the next one: the
 * request's own URL with the next cursor, relative to this API, also set as a Link header.
 */
export function paginate<T>(
  c: Context,
  rows: readonly T[],
  options: { keyOf: (row: T) => PageKey; order?: "asc" | "desc"; after: PageKey | null; limit: number },
): { items: T[]; next: string | null } {
  const page = takePage(rows, options);
  if (page.nextKey === null) return { items: page.items, next: null };
  const url = new URL(c.req.url);
  url.searchParams.set("cursor", encodeCursor(queryFingerprint(url.pathname, url.searchParams), page.nextKey));
  const next = `${url.pathname}?${url.searchParams}`;
  c.header("link", `<${next}>; rel="next"`);
  return { items: page.items, next };
}
