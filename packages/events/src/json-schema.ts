import { z } from "zod";
import {
  STAFFING_ALERT_EVENT_TYPE,
  STAFFING_ALERT_V1_EVENT_TYPE,
  staffingAlertSchema,
  staffingAlertV1Schema,
} from "./alerts.ts";
import { EVENT_CATALOGUE, type EventType } from "./catalogue.ts";
import { cloudEventAttributesSchema } from "./cloudevents.ts";

/**
 * JSON Schema (draft 2020-12) of each event type as a structured-mode CloudEvent, for
 * connector authors who do not use TypeScript. Generated from the zod schemas, which
 * stay the single source of truth; cross-field rules (e.g. departments adding up) are
 * enforced by the consumer but cannot all be expressed here.
 */
export function eventJsonSchemas(): Record<SchemaType, object> {
  const schemas = {} as Record<SchemaType, object>;
  for (const type of Object.keys(EVENT_CATALOGUE) as EventType[]) {
    schemas[type] = eventSchema(type, EVENT_CATALOGUE[type].data, "input");
  }
  // What the analyzer publishes: consumers read it, so the output shape is documented.
  schemas[STAFFING_ALERT_EVENT_TYPE] = eventSchema(STAFFING_ALERT_EVENT_TYPE, staffingAlertSchema, "output");
  // kept while changes recorded before the upgrade may still be delivered
  schemas[STAFFING_ALERT_V1_EVENT_TYPE] = eventSchema(STAFFING_ALERT_V1_EVENT_TYPE, staffingAlertV1Schema, "output");
  return schemas;
}

/** Every event type with a committed JSON Schema: those ingested and the alerts published. */
export type SchemaType = EventType | typeof STAFFING_ALERT_EVENT_TYPE | typeof STAFFING_ALERT_V1_EVENT_TYPE;

function eventSchema(type: SchemaType, data: z.ZodType, io: "input" | "output"): object {
  const event = cloudEventAttributesSchema.extend({ type: z.literal(type), data });
  return {
    $id: `https://hr-radar.dev/schemas/${type}.json`,
    title: type,
    ...z.toJSONSchema(event, { target: "draft-2020-12", io, unrepresentable: "any" }),
  };
}

/** The file each schema is committed as, under docs/schemas/. */
export function schemaFileName(type: SchemaType): string {
  return `${type}.json`;
}

/** The committed text of a schema: stable key order, two-space indent, final newline. */
export function renderSchema(schema: object): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
