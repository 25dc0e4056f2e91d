import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { STAFFING_ALERT_EVENT_TYPE, staffingAlertSchema } from "./alerts.ts";
import { cloudEventAttributesSchema } from "./cloudevents.ts";

// The README's example of what the alerts topic carries must stay a valid v2 event: one
// alert per organisation x function, with its reasons.
const readme = readFileSync(join(import.meta.dirname, "../../../README.md"), "utf8");
const examples = [...readme.matchAll(/<!-- alert-example -->\s*```json\n([\s\S]*?)```/g)].map(
  (m) => JSON.parse(m[1]!) as { type: string; subject: string; data: unknown },
);

describe("README alert example", () => {
  it("is a valid staffing alert CloudEvent of the current type, with every reason", () => {
    expect(examples).toHaveLength(1);
    const example = examples[0]!;
    expect(cloudEventAttributesSchema.safeParse(example).success).toBe(true);
    expect(example.type).toBe(STAFFING_ALERT_EVENT_TYPE);
    const data = staffingAlertSchema.parse(example.data);
    expect(example.subject).toBe(`${data.organisationId}/${data.hrFunction}`);
    expect(data.reasons.map((r) => r.ruleId)).toEqual(["escalation-depth", "regulated-industry"]);
    expect(data.reasons[0]!.ruleId).toBe(data.ruleId);
  });
});
