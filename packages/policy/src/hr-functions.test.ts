import { describe, expect, it } from "vitest";
import { hrFunctionSchema, loadBucketSchema } from "./hr-functions.ts";

describe("hr functions", () => {
  it("accepts a known function and rejects an unknown one", () => {
    expect(hrFunctionSchema.safeParse("benefits").success).toBe(true);
    expect(hrFunctionSchema.safeParse("astrology").success).toBe(false);
  });
  it("lets load be counted as unmapped, but not an employee's function", () => {
    expect(loadBucketSchema.parse("unmapped")).toBe("unmapped");
    expect(hrFunctionSchema.safeParse("unmapped").success).toBe(false);
  });
});
