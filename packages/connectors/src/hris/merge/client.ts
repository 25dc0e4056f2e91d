// A typed Merge HRIS client: `Authorization: Bearer <API key>` plus `X-Account-Token` for the
// Linked Account, cursor pagination (`next`), `modified_after` for incremental reads, and
// `expand=employments,groups` so one page carries what the normaliser needs. The per-Linked-
// Account rate limit (429) is the connection's HTTP client's job.
//   https://docs.merge.dev/merge-unified/hris/merge-api-basics/authentication
//   https://docs.merge.dev/merge-unified/hris/merge-api-basics/pagination
//   https://docs.merge.dev/merge-unified/hris/merge-api-basics/rate-limits

import type { z } from "zod";
import { type HttpClient, parseVendorAnswer } from "../../core/http-client.ts";
import { type MergeEmployee, mergeEmployeePageSchema, mergeEmployeeSchema } from "./records.ts";

/** Merge's largest page. */
export const MERGE_MAX_PAGE = 100;

/** Where and as whom the client calls Merge. */
export interface MergeClientOptions {
  /** https://api.merge.dev (or the EU/APAC host, or a stand-in). */
  baseUrl: string;
  apiKey: string;
  accountToken: string;
  http: HttpClient;
  pageSize?: number;
}

const parse = <T extends z.ZodType>(schema: T, value: unknown, url: string): z.output<T> =>
  parseVendorAnswer("Merge", schema, value, url);

const EXPAND = "employments,groups";

/** One Linked Account's Merge HRIS client. */
export class MergeHrisClient {
  private readonly options: MergeClientOptions;
  private readonly base: string;
  private readonly pageSize: number;

  constructor(options: MergeClientOptions) {
    this.options = options;
    this.base = `${options.baseUrl.replace(/\/+$/, "")}/api/hris/v1`;
    this.pageSize = Math.min(options.pageSize ?? MERGE_MAX_PAGE, MERGE_MAX_PAGE);
  }

  private get headers(): Record<string, string> {
    return { authorization: `Bearer ${this.options.apiKey}`, "x-account-token": this.options.accountToken };
  }

  /**
   * Employees a page at a time; with `modifiedAfter`, only those Merge changed after it.
   * Every page keeps the same query but the cursor, as the pagination page requires.
   */
  async *employees(modifiedAfter?: string): AsyncIterable<MergeEmployee[]> {
    const query = new URLSearchParams({ page_size: String(this.pageSize), expand: EXPAND });
    if (modifiedAfter !== undefined) query.set("modified_after", modifiedAfter);
    let cursor: string | null = null;
    do {
      if (cursor !== null) query.set("cursor", cursor);
      const url = `${this.base}/employees?${query}`;
      const page = parse(mergeEmployeePageSchema, await this.options.http.json({ url, headers: this.headers }), url);
      yield page.results;
      cursor = page.next ?? null;
    } while (cursor !== null);
  }

  /** One employee by Merge id, expanded. */
  async employee(id: string): Promise<MergeEmployee> {
    const url = `${this.base}/employees/${encodeURIComponent(id)}?expand=${EXPAND}`;
    return parse(mergeEmployeeSchema, await this.options.http.json({ url, headers: this.headers }), url);
  }
}
