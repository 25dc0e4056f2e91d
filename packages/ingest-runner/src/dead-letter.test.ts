import { describe, expect, it } from "vitest";
import { deadLetterSends } from "./dead-letter.ts";

const letter = (bytes: number) => ({ key: "org", value: "x".repeat(bytes), headers: { "dlq-reason": "oversized" } });

describe("deadLetterSends", () => {
  it("keeps small dead letters in one send, in order", () => {
    const letters = [letter(10), letter(20), letter(30)];
    expect(deadLetterSends(letters, 1_000)).toEqual([letters]);
  });

  it("splits so that no send exceeds the byte budget, and sends a record over it alone", () => {
    const letters = [letter(400), letter(400), letter(400), letter(5_000), letter(10)];
    const sends = deadLetterSends(letters, 1_000);
    expect(sends.map((s) => s.map((m) => String(m.value).length))).toEqual([[400, 400], [400], [5_000], [10]]);
    expect(sends.flat()).toEqual(letters);
  });
});
