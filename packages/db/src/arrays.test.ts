import { describe, expect, it } from "vitest";
import { arrayLiteral } from "./arrays.ts";

describe("arrayLiteral", () => {
  it("quotes every element and writes nulls bare", () => {
    expect(arrayLiteral(["a", null, "b c"])).toBe('{"a",NULL,"b c"}');
    expect(arrayLiteral([])).toBe("{}");
  });

  it("writes a column with nothing to escape and no null the same way (joined in one go)", () => {
    expect(arrayLiteral(["a", "b c", "{,}", "NULL", ""])).toBe('{"a","b c","{,}","NULL",""}');
    expect(arrayLiteral(["only"])).toBe('{"only"}');
    expect(arrayLiteral(["a", "b", null])).toBe('{"a","b",NULL}');
  });

  it("keeps the array syntax's own characters as data: quotes and backslashes escaped", () => {
    expect(arrayLiteral(['say "hi"', "back\\slash", "{,}", "NULL"])).toBe(
      '{"say \\"hi\\"","back\\\\slash","{,}","NULL"}',
    );
  });
});
