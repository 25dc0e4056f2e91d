import { encodeCloudEvent } from "@hr-radar/events";
import type { Producer } from "kafkajs";
import type { EventSink } from "./engine.ts";

/** Records per produce request, so no request outgrows the broker's limit. */
const SLICE = 500;

/**
 * Produces connector events keyed by organisation (one organisation's events share a
 * partition and keep their order), acknowledged by every in-sync replica before the
 * connector stores its state: at least once into Kafka, once into the trends by id.
 */
export function kafkaEventSink(producer: Producer, topics: { hris: string; helpdesk: string }): EventSink {
  return {
    async send(kind, events) {
      for (let i = 0; i < events.length; i += SLICE)
        await producer.send({
          topic: topics[kind],
          acks: -1,
          messages: events.slice(i, i + SLICE).map((e) => encodeCloudEvent(e, e.data.organisationId)),
        });
    },
  };
}
