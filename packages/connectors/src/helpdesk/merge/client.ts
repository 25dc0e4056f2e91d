import type { HttpClient } from "../../core/http-client.ts";
import type { MergeTicketingConfig } from "./config.ts";
import type { MergeTicket } from "./normalise.ts";

const EXPAND = "expand=assigned_teams,collections&include_remote_data=true";

/** The calls the connector makes to Merge's Ticketing API for one linked account. */
export class MergeTicketingClient {
  private readonly base: string;
  private readonly headers: Record<string, string>;
  private readonly config: MergeTicketingConfig;
  private readonly http: HttpClient;

  constructor(config: MergeTicketingConfig, apiKey: string, accountToken: string, http: HttpClient) {
    this.config = config;
    this.http = http;
    this.base = config.baseUrl.replace(/\/$/, "");
    // https://docs.merge.dev/basics/authentication/
    this.headers = { authorization: `Bearer ${apiKey}`, "x-account-token": accountToken };
  }

  /** Tickets modified after an instant, page by page (`next` cursor). https://docs.merge.dev/basics/pagination/ */
  async *modifiedAfter(after: Date | null): AsyncGenerator<MergeTicket[]> {
    let cursor: string | null = null;
    for (;;) {
      const query = [
        `page_size=${this.config.pageSize}`,
        EXPAND,
        ...(after === null ? [] : [`modified_after=${encodeURIComponent(after.toISOString())}`]),
        ...(cursor === null ? [] : [`cursor=${encodeURIComponent(cursor)}`]),
      ].join("&");
      const page: { next?: string | null; results?: MergeTicket[] } = await this.http.json({
        url: `${this.base}/api/ticketing/v1/tickets?${query}`,
        headers: this.headers,
      });
      yield page.results ?? [];
      if (!page.next) return;
      cursor = page.next;
    }
  }

  /** One ticket by its Merge id, or null when Merge no longer has it. */
  async ticket(id: string): Promise<MergeTicket | null> {
    try {
      return await this.http.json<MergeTicket>({
        url: `${this.base}/api/ticketing/v1/tickets/${encodeURIComponent(id)}?${EXPAND}`,
        headers: this.headers,
      });
    } catch (error) {
      if ((error as { status?: number }).status === 404) return null;
      throw error;
    }
  }
}
