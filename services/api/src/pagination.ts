import { createHash } from "node:crypto";

// Cursor pagination over an ordered list: a page is the rows strictly after the last
// row the client saw, by the list's sort key, so a row added or removed between two
// requests never shifts the others (no row skipped, none served twice). The cursor is
// opaque to clients: base64url JSON of that key plus a fingerprint of the query it
// belongs to, so a cursor replayed on another query is refused rather than misread.

/** Rows per page when `limit` is not given. */
export const DEFAULT_PAGE_SIZE = 500;
/** The largest `limit` accepted (documented in the OpenAPI document and the README). */
export const MAX_PAGE_SIZE = 2000;

/** A row's position in its list's order: compared element by element. */
export type PageKey = readonly (string | number)[];

/** Parameters that choose the page or the rendering, not the rows: left out of the fingerprint. */
const PAGING_PARAMS = new Set(["cursor", "limit", "format", "bom"]);

/** The fingerprint of the rows a query selects: the path and its filtering parameters. */
export function queryFingerprint(path: string, params: URLSearchParams): string {
  const filters = [...params].filter(([name]) => !PAGING_PARAMS.has(name)).sort(([a], [b]) => (a < b ? -1 : 1));
  return createHash("sha256")
    .update(JSON.stringify([path, filters]))
    .digest("base64url")
    .slice(0, 16);
}

/** The cursor that resumes after `key` on the query with this fingerprint. */
export function encodeCursor(fingerprint: string, key: PageKey): string {
  return Buffer.from(JSON.stringify({ q: fingerprint, k: key })).toString("base64url");
}

/** The key a cursor resumes after, or why it cannot be used. */
export type CursorResult = { success: true; key: PageKey } | { success: false; reason: string };

/** Reads a cursor back, checking that it was made for this query. */
export function decodeCursor(cursor: string, fingerprint: string): CursorResult {
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    return { success: false, reason: "not a cursor this API issued" };
  }
  const { q, k } = (decoded ?? {}) as { q?: unknown; k?: unknown };
  if (typeof q !== "string" || !Array.isArray(k) || !k.every((v) => typeof v === "string" || typeof v === "number"))
    return { success: false, reason: "not a cursor this API issued" };
  if (q !== fingerprint)
    return { success: false, reason: "the cursor belongs to another query: keep the other parameters as they were" };
  return { success: true, key: k };
}

/** Compares two keys element by element (numbers numerically, text by code unit). */
export function compareKeys(a: PageKey, b: PageKey): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

/** One page of a list, and the key to resume after when more rows follow. */
export interface Page<T> {
  items: T[];
  nextKey: PageKey | null;
}

/**
 * The page after `after` (from the start when null) of `rows`, which are sorted by
 * `keyOf` ascending, or descending when `order` says so; at most `limit` rows.
 */
export function takePage<T>(
  rows: readonly T[],
  options: { keyOf: (row: T) => PageKey; order?: "asc" | "desc"; after: PageKey | null; limit: number },
): Page<T> {
  const sign = options.order === "desc" ? -1 : 1;
  const sorted = [...rows].sort((a, b) => sign * compareKeys(options.keyOf(a), options.keyOf(b)));
  const { after } = options;
  const rest = after === null ? sorted : sorted.filter((row) => sign * compareKeys(options.keyOf(row), after) > 0);
  const items = rest.slice(0, options.limit);
  const last = items.at(-1);
  return { items, nextKey: rest.length > options.limit && last !== undefined ? options.keyOf(last) : null };
}
