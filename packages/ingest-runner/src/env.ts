import { commonEnvSchema, opsEnvShape, positiveIntVar } from "@hr-radar/service-kit";
import { z } from "zod";
import { FAILPOINT_NAMES, parseFailpoint } from "./runner.ts";

/** The shipped defaults of the ingest settings (the benchmark measures these). */
export const INGEST_DEFAULTS = {
  maxRecordBytes: 256 * 1024,
  chunkSize: 2_000,
  concurrency: 2,
  fetchMaxWaitMs: 5_000,
  trendRefreshBatch: 500,
  trendRefreshIdleMs: 500,
  trendRefreshLanes: 2,
} as const;

/**
 * The settings both ingest services share. Each service adds its own topic variable
 * (defaulted to the contract's topic) on top.
 */
export function ingestEnvSchema(defaults: { groupId: string; opsPort: number }) {
  return commonEnvSchema.extend({
    ...opsEnvShape(defaults.opsPort),
    /** Kafka consumer group; offsets in Postgres are kept per group. */
    CONSUMER_GROUP: z.string().min(1).default(defaults.groupId),
    /** Records larger than this go to the DLQ as `oversized`. */
    INGEST_MAX_RECORD_BYTES: positiveIntVar(INGEST_DEFAULTS.maxRecordBytes),
    /** Records per database transaction. */
    INGEST_CHUNK_SIZE: positiveIntVar(INGEST_DEFAULTS.chunkSize),
    /** Partitions processed at once. */
    INGEST_CONCURRENCY: positiveIntVar(INGEST_DEFAULTS.concurrency),
    /** How long a fetch waits on the broker for new records (also bounds a clean stop). */
    INGEST_FETCH_MAX_WAIT_MS: positiveIntVar(INGEST_DEFAULTS.fetchMaxWaitMs),
    /** Organisations the trend refresher re-derives per transaction. */
    TREND_REFRESH_BATCH: positiveIntVar(INGEST_DEFAULTS.trendRefreshBatch),
    /** How often the trend refresher looks for stale trends once caught up (the trends' lag when idle). */
    TREND_REFRESH_IDLE_MS: positiveIntVar(INGEST_DEFAULTS.trendRefreshIdleMs),
    /** Trend refresher passes at once, each over its own share of the organisations. */
    TREND_REFRESH_LANES: positiveIntVar(INGEST_DEFAULTS.trendRefreshLanes),
    /**
     * How long the group waits for a silent member before moving its partitions. Lower
     * means faster recovery from a crash, higher tolerates longer pauses (broker bounds:
     * group.min/max.session.timeout.ms).
     */
    KAFKA_SESSION_TIMEOUT_MS: positiveIntVar(30_000),
    /** Test-only fault injection, `name[@N]` (see the runner's Failpoint). */
    HR_RADAR_FAILPOINT: z
      .string()
      .transform((text, ctx) => {
        const failpoint = parseFailpoint(text);
        if (failpoint === null) {
          ctx.addIssue({ code: "custom", message: `expected one of ${FAILPOINT_NAMES.join(", ")}, optionally @N` });
          return z.NEVER;
        }
        return failpoint;
      })
      .optional(),
  });
}
