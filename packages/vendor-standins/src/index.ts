export {
  JIRA_REQUEST_TYPE_FIELD_ID,
  JIRA_TEAM_FIELD_ID,
  type JiraStandin,
  type JiraStandinOptions,
  startJiraStandin,
} from "./jira.ts";
export {
  MERGE_REMOTE_TIME_FIELD,
  type MergeTicketingStandin,
  type MergeTicketingStandinOptions,
  signMerge,
  startMergeTicketingStandin,
} from "./merge-ticketing.ts";
export {
  basicCredentials,
  deliverWebhook,
  type StandinRequest,
  type StandinResponse,
  type StandinServer,
  startStandinServer,
  type ThrottleAnswer,
} from "./standin-http.ts";
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
