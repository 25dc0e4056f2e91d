import type { CloudEvent } from "@hr-radar/events";
import { epochOf } from "./calendar.ts";
import { uuidFor } from "./random.ts";

/** The `data` every demo event carries: the organisation is the Kafka record key. */
export type DemoEventData = { organisationId: string } & Record<string, unknown>;

/** A demo CloudEvent. */
export type DemoEvent = CloudEvent<DemoEventData>;

/** Builds one organisation's events for one source system. */
export type EmitEvent = (type: string, key: string, time: string, data: DemoEventData) => DemoEvent;

/** What every simulation shares: the feed's identity (for ids) and its clock. */
export interface FeedClock {
  seed: number;
  /** The feed's as-of instant: nothing happens after it. */
  asOf: Date;
}

/**
 * An event factory for one organisation and source system. Ids hash the seed, the as-of
 * instant, the organisation and the event's own key ("ticket:1042:resolved"), so the
 * same feed gives the same ids and a re-sent feed is deduplicated by the pipeline.
 * An event time after the as-of instant is clamped to it: a system cannot have
 * written the record later than now.
 */
export function eventFactory(clock: FeedClock, organisationId: string, source: string): EmitEvent {
  const asOfMs = clock.asOf.getTime();
  const asOfIso = clock.asOf.toISOString();
  return (type, key, time, data) => ({
    specversion: "1.0",
    id: uuidFor(`${clock.seed}|${asOfIso}|${organisationId}|${key}`),
    source,
    type,
    time: epochOf(time) > asOfMs ? asOfIso : time,
    data,
  });
}
