export * from "./catalogue.ts";
export * from "./cloudevents.ts";
export * from "./decode.ts";
export * from "./headcount.ts";
export * from "./json-schema.ts";
export * from "./primitives.ts";
export * from "./tickets.ts";
export * from "./topics.ts";
