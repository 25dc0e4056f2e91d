// The registry of connectors: one line per vendor (each connector's author adds theirs).
import type { SourceAdapter, Vendor } from "./core/source.ts";
import { jiraAdapter } from "./helpdesk/jira/adapter.ts";
import { mergeTicketingAdapter } from "./helpdesk/merge/adapter.ts";
import { zendeskAdapter } from "./helpdesk/zendesk/adapter.ts";
import { bamboohrAdapter } from "./hris/bamboohr/adapter.ts";
import { mergeHrisAdapter } from "./hris/merge/adapter.ts";
import { personioAdapter } from "./hris/personio/adapter.ts";

// each adapter is typed by its own config; the registry hands them out with the config unknown
const ADAPTERS = [
  bamboohrAdapter,
  personioAdapter,
  mergeHrisAdapter,
  zendeskAdapter,
  jiraAdapter,
  mergeTicketingAdapter,
] as unknown as readonly SourceAdapter[];

/** The adapter of a vendor, or undefined when hr-radar has no connector for it yet. */
export function adapterFor(vendor: Vendor | string): SourceAdapter | undefined {
  return ADAPTERS.find((a) => a.vendor === vendor);
}

/** Every vendor with a connector, for help texts and validation. */
export function connectorVendors(): Vendor[] {
  return ADAPTERS.map((a) => a.vendor);
}
