// @hr-radar/connectors: the connector core and the vendor adapters (no side effects on import).

/** The registry of vendor adapters. */
export { adapterFor, connectorVendors } from "./adapters.ts";
/** Connections: the stored configuration of a source. */
export {
  type Connection,
  type ConnectionInput,
  connectionIdSchema,
  connectionSchema,
  DEFAULT_RECONCILE_SCHEDULE,
  DEFAULT_SNAPSHOT_SCHEDULE,
  listConnections,
  loadConnection,
  removeConnection,
  saveConnection,
} from "./core/connections.ts";
/** Secrets by reference. */
export {
  describeSecretRef,
  resolveSecret,
  type SecretRef,
  SecretUnavailableError,
  secretRefSchema,
} from "./core/credentials.ts";
/** Running a connector pass: produce first, then store state and checkpoint. */
export {
  ConnectorConfigError,
  type ConnectorDeps,
  dateIn,
  type EventSink,
  FIRST_SYNC_STREAM,
  RECONCILE_OVERLAP_MS,
  type RunKind,
  type RunSummary,
  runConnection,
  syncContext,
} from "./core/engine.ts";
/** Deterministic CloudEvent ids and sources. */
export { connectionSource, contentChange, deterministicEventId } from "./core/event-ids.ts";
/** The rate-limit aware HTTP client. */
export {
  createHttpClient,
  type HttpClient,
  type HttpClientOptions,
  type HttpRequest,
  retryAfterMs,
  VendorHttpError,
} from "./core/http-client.ts";
/** The Kafka side: events keyed by organisation, acknowledged by all in-sync replicas. */
export { kafkaEventSink } from "./core/kafka-sink.ts";
/** Job title / department -> HR role, and active statuses. */
export {
  DEFAULT_ACTIVE_STATUSES,
  DEFAULT_HR_DEPARTMENTS,
  DEFAULT_HR_ROLE_RULES,
  DEFAULT_INACTIVE_STATUSES,
  type HrisMapping,
  type HrPlacement,
  type HrRoleRule,
  hrisMappingSchema,
  isActiveStatus,
  placeInHrTeam,
  type UnmappedValue,
} from "./core/mapping.ts";
/** Checkpoints and per-record state. */
export { type ConnectorStore, connectorStore } from "./core/records.ts";
/** Webhook signature helpers. */
export { hmacSha256Base64, hmacSha256Hex, signaturesEqual, withinTimestampWindow } from "./core/signatures.ts";
/** The adapter interface every vendor implements. */
export type {
  Checkpoint,
  EmitBatch,
  OutgoingEvent,
  ProbeSummary,
  RecordState,
  RecordUpdate,
  SourceAdapter,
  SourceKind,
  SyncContext,
  Vendor,
  VerifyResult,
  WebhookChange,
} from "./core/source.ts";
export { RECONCILE_STREAM, VENDORS } from "./core/source.ts";
/** BambooHR's webhook signature (the stand-in signs with it). */
export { bambooSignature } from "./hris/bamboohr/webhook.ts";
