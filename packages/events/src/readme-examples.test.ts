import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EVENT_CATALOGUE } from "./catalogue.ts";
import { type CloudEvent, encodeCloudEvent } from "./cloudevents.ts";
import { decodeRecord } from "./decode.ts";

// The README shows one example of every event type; they must stay valid.
const readme = readFileSync(join(import.meta.dirname, "../../../README.md"), "utf8");
const examples = [...readme.matchAll(/<!-- event-example -->\s*```json\n([\s\S]*?)```/g)].map(
  (m) => JSON.parse(m[1]!) as CloudEvent<{ organisationId: string }>,
);

describe("README event examples", () => {
  it("cover every event type hr-radar ingests", () => {
    expect(examples.map((e) => e.type).sort()).toEqual(Object.keys(EVENT_CATALOGUE).sort());
  });

  it.each(examples.map((e) => [e.type, e] as const))("%s is accepted by the consumer", (_, example) => {
    const record = encodeCloudEvent(example, example.data.organisationId);
    const family = EVENT_CATALOGUE[example.type as keyof typeof EVENT_CATALOGUE].family;
    const result = decodeRecord(
      { key: Buffer.from(record.key), value: Buffer.from(record.value), headers: record.headers, timestamp: "0" },
      { family, now: new Date("2026-11-27T00:00:00Z"), maxBytes: 256 * 1024 },
    );
    expect(result.success ? null : result.error).toBeNull();
  });
});
