export {
  firedRulesSchema,
  STAFFING_ALERT_EVENT_TYPE,
  STAFFING_ALERT_SOURCE,
  STAFFING_ALERT_V1_EVENT_TYPE,
  type StaffingAlert,
  type StaffingAlertV1,
  staffingAlertReasonSchema,
  staffingAlertSchema,
  staffingAlertV1Schema,
} from "./alerts.ts";
export { EVENT_CATALOGUE, type EventFamily, isEventType } from "./catalogue.ts";
export {
  type CloudEvent,
  type ContentMode,
  encodeCloudEvent,
  type OutgoingRecord,
  SPEC_VERSION,
} from "./cloudevents.ts";
export { type DecodeOptions, decodeRecord, type IngestEvent, type Rejection, type RejectionCode } from "./decode.ts";
export {
  type EmployeeChanged,
  type EmployeeHired,
  type EmployeeTerminated,
  HEADCOUNT_EVENT_TYPES,
  type HeadcountSnapshot,
  type HrTeamSnapshot,
  type OrganisationProfile,
} from "./headcount.ts";
export { calendarDateSchema, organisationIdSchema, timeZoneSchema } from "./primitives.ts";
export { EMPLOYEE_KEY_SECRET_MIN_LENGTH, employeeKey, employeeKeySecretSchema, hmacSha256 } from "./pseudonymise.ts";
export { MAX_HANDLING_MINUTES_PER_TICKET, TICKET_EVENT_TYPES, type TicketVolume } from "./tickets.ts";
export { DEFAULT_TOPICS, deadLetterTopic } from "./topics.ts";
