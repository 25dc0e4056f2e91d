export {
  addDays,
  type ExpectedWorkforceCounts,
  expectedCounts,
  generateWorkforce,
  STANDIN_DEPARTMENTS,
  type StandinEmployee,
  type WorkforceOptions,
} from "./hris-workforce.ts";
export {
  type MergeEmployeeHookEvent,
  MergeHrisStandin,
  type MergeHrisStandinOptions,
  signMergeWebhook,
} from "./merge-hris.ts";
export {
  PERSONIO_WEBHOOK_EVENTS,
  PersonioStandin,
  type PersonioStandinOptions,
  type PersonioWebhookEvent,
  utcToday,
} from "./personio.ts";
