import type { HttpClient } from "../../core/http-client.ts";
import { basicAuth } from "../ticket-changes.ts";
import { type ZendeskConfig, zendeskBaseUrl } from "./config.ts";
import type { ZendeskAudit, ZendeskDirectory, ZendeskMetricSet, ZendeskTicket } from "./normalise.ts";

/** One page of the cursor-based incremental ticket export. */
export interface ZendeskExportPage {
  tickets: ZendeskTicket[];
  metricSets: ZendeskMetricSet[];
  /** Where the next request continues; stored as the checkpoint once the page is produced. */
  afterCursor: string;
  endOfStream: boolean;
}

interface ExportAnswer {
  tickets?: ZendeskTicket[];
  metric_sets?: ZendeskMetricSet[];
  after_cursor?: string | null;
  end_of_stream?: boolean;
}

/** The calls the connector makes to Zendesk Support's REST API (API token auth). */
export class ZendeskClient {
  private readonly base: string;
  private readonly auth: string;
  private readonly config: ZendeskConfig;
  private readonly http: HttpClient;

  constructor(config: ZendeskConfig, apiToken: string, http: HttpClient) {
    this.config = config;
    this.http = http;
    this.base = zendeskBaseUrl(config);
    // https://developer.zendesk.com/api-reference/introduction/security-and-auth/#api-token
    this.auth = basicAuth(`${config.email}/token`, apiToken);
  }

  private get<T>(path: string): Promise<T> {
    return this.http.json<T>({ method: "GET", url: `${this.base}${path}`, headers: { authorization: this.auth } });
  }

  /**
   * The incremental ticket export from a start time (first sync) or a stored cursor
   * (reconciliation), page by page until `end_of_stream`, with the metric sets sideloaded.
   * https://developer.zendesk.com/api-reference/ticketing/ticket-management/incremental_exports/#incremental-ticket-export-cursor-based
   */
  async *exportTickets(from: { startTime: Date } | { cursor: string }): AsyncGenerator<ZendeskExportPage> {
    let query =
      "cursor" in from
        ? `cursor=${encodeURIComponent(from.cursor)}`
        : `start_time=${Math.floor(from.startTime.getTime() / 1000)}`;
    for (;;) {
      const answer = await this.get<ExportAnswer>(
        `/api/v2/incremental/tickets/cursor.json?${query}&include=metric_sets&per_page=${this.config.pageSize}`,
      );
      const afterCursor = answer.after_cursor ?? ("cursor" in from ? from.cursor : "");
      const page = {
        tickets: answer.tickets ?? [],
        metricSets: answer.metric_sets ?? [],
        afterCursor,
        endOfStream: answer.end_of_stream !== false,
      };
      yield page;
      if (page.endOfStream || afterCursor === "") return;
      query = `cursor=${encodeURIComponent(afterCursor)}`;
    }
  }

  /** Tickets by id with their metric sets (up to 100 per call). */
  async showMany(ids: readonly number[]): Promise<{ tickets: ZendeskTicket[]; metricSets: ZendeskMetricSet[] }> {
    const tickets: ZendeskTicket[] = [];
    const metricSets: ZendeskMetricSet[] = [];
    for (let i = 0; i < ids.length; i += 100) {
      // https://developer.zendesk.com/api-reference/ticketing/tickets/tickets/#show-multiple-tickets
      const answer = await this.get<{ tickets?: ZendeskTicket[]; metric_sets?: ZendeskMetricSet[] }>(
        `/api/v2/tickets/show_many.json?ids=${ids.slice(i, i + 100).join(",")}&include=metric_sets`,
      );
      tickets.push(...(answer.tickets ?? []));
      metricSets.push(...(answer.metric_sets ?? []));
    }
    return { tickets, metricSets };
  }

  /** A ticket's audits, all pages. https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_audits/ */
  async audits(ticketId: number): Promise<ZendeskAudit[]> {
    const audits: ZendeskAudit[] = [];
    let path: string | null = `/api/v2/tickets/${ticketId}/audits.json?page[size]=100`;
    while (path !== null) {
      const answer: { audits?: ZendeskAudit[]; meta?: { has_more?: boolean; after_cursor?: string | null } } =
        await this.get(path);
      audits.push(...(answer.audits ?? []));
      const after = answer.meta?.has_more === true ? answer.meta.after_cursor : null;
      path = after
        ? `/api/v2/tickets/${ticketId}/audits.json?page[size]=100&page[after]=${encodeURIComponent(after)}`
        : null;
    }
    return audits;
  }

  /** Group and form names. https://developer.zendesk.com/api-reference/ticketing/groups/groups/ */
  async directory(): Promise<ZendeskDirectory> {
    const groups = new Map<number, string>();
    let path: string | null = "/api/v2/groups.json?page[size]=100";
    while (path !== null) {
      const answer: {
        groups?: { id: number; name: string }[];
        meta?: { has_more?: boolean; after_cursor?: string | null };
      } = await this.get(path);
      for (const g of answer.groups ?? []) groups.set(g.id, g.name);
      const after = answer.meta?.has_more === true ? answer.meta.after_cursor : null;
      path = after ? `/api/v2/groups.json?page[size]=100&page[after]=${encodeURIComponent(after)}` : null;
    }
    const forms = new Map<number, string>();
    if (this.config.category.source === "form") {
      // https://developer.zendesk.com/api-reference/ticketing/tickets/ticket_forms/#list-ticket-forms
      const answer = await this.get<{ ticket_forms?: { id: number; name: string }[] }>("/api/v2/ticket_forms.json");
      for (const f of answer.ticket_forms ?? []) forms.set(f.id, f.name);
    }
    return { groups, forms };
  }
}
