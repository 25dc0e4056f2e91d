// @hr-radar/vendor-standins: local stand-ins of vendor APIs for the tests and `hr-radar demo --source`.

/** BambooHR: API (custom report, employee, changed ids), 429s, signed webhooks. */
export {
  type BambooStandIn,
  type BambooStandInEmployee,
  type BambooStandInOptions,
  bambooFixture,
  type DeliveryAnswer,
  startBambooStandIn,
} from "./bamboohr.ts";
export {
  basicCredentials,
  type StandinRequest,
  type StandinResponse,
  type StandinServer,
  startStandinServer,
  type ThrottleAnswer,
} from "./helpdesk-http.ts";
/** The seeded workforce the Personio and Merge stand-ins share, with its own expected counts. */
export {
  type ExpectedWorkforceCounts,
  expectedCounts,
  generateWorkforce,
  STANDIN_DEPARTMENTS,
  type StandinEmployee,
  type WorkforceOptions,
} from "./hris-workforce.ts";
/** Helpdesk stand-ins (Zendesk, Jira Service Management, Merge Ticketing) over one seeded ticket history. */
export {
  JIRA_REQUEST_TYPE_FIELD_ID,
  JIRA_TEAM_FIELD_ID,
  type JiraStandin,
  type JiraStandinOptions,
  startJiraStandin,
} from "./jira.ts";
/** Merge (HRIS): Employee common model, cursors, modified_after, per-Linked-Account 429s, signed webhooks. */
export {
  type MergeEmployeeHookEvent,
  MergeHrisStandin,
  type MergeHrisStandinOptions,
  signMergeWebhook,
} from "./merge-hris.ts";
export {
  MERGE_REMOTE_TIME_FIELD,
  type MergeTicketingStandin,
  type MergeTicketingStandinOptions,
  signMerge,
  startMergeTicketingStandin,
} from "./merge-ticketing.ts";
/** Personio API v2: OAuth2 token, persons/employments/org units, cursors, 429s, dataless webhooks. */
export {
  PERSONIO_WEBHOOK_EVENTS,
  PersonioStandin,
  type PersonioStandinOptions,
  type PersonioWebhookEvent,
  utcToday,
} from "./personio.ts";
/** Seeded randomness and the vendors' own daily counts. */
export { addDays, type DailyCount, dailyCounts, seededRandom } from "./random.ts";
/** POSTs a stand-in's webhook to a receiver. */
export { deliverWebhook } from "./standin-http.ts";
export {
  type ExpectedLoadWeek,
  type HelpdeskGroup,
  type HistoryTicket,
  mondayOf,
  TicketHistory,
  type TicketHistoryOptions,
} from "./ticket-history.ts";
export {
  signZendesk,
  startZendeskStandin,
  ZENDESK_TIME_SPENT_FIELD_ID,
  type ZendeskStandin,
  type ZendeskStandinOptions,
  type ZendeskTicketEventType,
} from "./zendesk.ts";
