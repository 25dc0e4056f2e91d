import type { NormalisedTicket, TicketChange, TicketIssue } from "../ticket-changes.ts";
import type { ZendeskClient } from "./client.ts";
import type { ZendeskConfig } from "./config.ts";
import {
  needsAudits,
  normaliseZendeskTicket,
  type ZendeskDirectory,
  type ZendeskMetricSet,
  type ZendeskTicket,
} from "./normalise.ts";

/** The events of one page of tickets, and the cursor to store once they are produced. */
export interface HelpdeskBatch {
  changes: TicketChange[];
  issues: TicketIssue[];
  /** The vendor's cursor after this batch; absent for a webhook's fetch. */
  checkpoint?: string;
  /** How many vendor records the batch covers (progress output). */
  records: number;
}

/**
 * The incremental export turned into ticket events, one batch per page. First sync starts
 * at a time, reconciliation at the stored cursor; the cursor moves only with its batch, so
 * a process that dies mid-export repeats at most one page (same ids: counted once).
 */
export async function* zendeskBatches(
  client: ZendeskClient,
  organisationId: string,
  config: ZendeskConfig,
  from: { startTime: Date } | { cursor: string },
): AsyncGenerator<HelpdeskBatch> {
  const directory = await client.directory();
  for await (const page of client.exportTickets(from)) {
    const batch = await normalisePage(client, organisationId, config, directory, page.tickets, page.metricSets);
    yield { ...batch, checkpoint: page.afterCursor };
  }
}

/** The tickets a webhook named, fetched and normalised. */
export async function zendeskFetchTickets(
  client: ZendeskClient,
  organisationId: string,
  config: ZendeskConfig,
  ids: readonly number[],
): Promise<HelpdeskBatch> {
  const directory = await client.directory();
  const { tickets, metricSets } = await client.showMany(ids);
  return normalisePage(client, organisationId, config, directory, tickets, metricSets);
}

async function normalisePage(
  client: ZendeskClient,
  organisationId: string,
  config: ZendeskConfig,
  directory: ZendeskDirectory,
  tickets: readonly ZendeskTicket[],
  metricSets: readonly ZendeskMetricSet[],
): Promise<HelpdeskBatch> {
  const metrics = new Map(metricSets.map((m) => [m.ticket_id, m]));
  const results: NormalisedTicket[] = [];
  for (const ticket of tickets) {
    const m = metrics.get(ticket.id);
    const record = { ticket, ...(m === undefined ? {} : { metrics: m }) };
    const audits =
      needsAudits(record) || (config.category.source === "group" && m === undefined)
        ? await client.audits(ticket.id)
        : undefined;
    results.push(
      normaliseZendeskTicket(organisationId, audits === undefined ? record : { ...record, audits }, directory, config),
    );
  }
  return {
    changes: results.flatMap((r) => r.changes),
    issues: results.flatMap((r) => r.issues),
    records: tickets.length,
  };
}
