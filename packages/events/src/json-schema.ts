import { z } from "zod";
import { EVENT_CATALOGUE, type EventType } from "./catalogue.ts";
import { cloudEventAttributesSchema } from "./cloudevents.ts";

/**
 * JSON Schema (draft 2020-12) of each event type as a structured-mode CloudEvent, for
 * connector authors who do not use TypeScript. Generated from the zod schemas, which
 * stay the single source of truth; cross-field rules (e.g. departments adding up) are
 * enforced by the consumer but cannot all be expressed here.
 */
export function eventJsonSchemas(): Record<EventType, object> {
  const schemas = {} as Record<EventType, object>;
  for (const type of Object.keys(EVENT_CATALOGUE) as EventType[]) {
    const event = cloudEventAttributesSchema.extend({
      type: z.literal(type),
      data: EVENT_CATALOGUE[type].data,
    });
    schemas[type] = {
      $id: `https://hr-radar.dev/schemas/${type}.json`,
      title: type,
      ...z.toJSONSchema(event, { target: "draft-2020-12", io: "input", unrepresentable: "any" }),
    };
  }
  return schemas;
}

/** The file each schema is committed as, under docs/schemas/. */
export function schemaFileName(type: EventType): string {
  return `${type}.json`;
}

/** The committed text of a schema: stable key order, two-space indent, final newline. */
export function renderSchema(schema: object): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
