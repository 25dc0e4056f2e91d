import { describe, expect, it } from "vitest";
import { arrayLiteral } from "./arrays.ts";

describe("arrayLiteral", () => {
  it("quotes every element and writes nulls bare", () => {
    expect(arrayLiteral(["a", null, "b c"])).toBe('{"a",NULL,"b c"}');
    expect(arrayLiteral([])).toBe("{}");
  });

  it("keeps the array syntax's own characters as data: quotes and backslashes escaped", () => {
    expect(arrayLiteral(['say "hi"', "back\\slash", "{,}", "NULL"])).toBe(
      '{"say \\"hi\\"","back\\\\slash","{,}","NULL"}',
    );
  });
});
