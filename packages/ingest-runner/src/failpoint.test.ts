import { describe, expect, it } from "vitest";
import { parseFailpoint } from "./runner.ts";

describe("parseFailpoint", () => {
  it("reads a failpoint name and how many chunks to let through first", () => {
    expect(parseFailpoint("crash-after-db-commit")).toEqual({ name: "crash-after-db-commit", afterChunks: 1 });
    expect(parseFailpoint("crash-mid-write@3")).toEqual({ name: "crash-mid-write", afterChunks: 3 });
    expect(parseFailpoint("crash-before-db-commit@12")).toEqual({ name: "crash-before-db-commit", afterChunks: 12 });
  });

  it("rejects unknown names and malformed counts", () => {
    for (const text of ["crash-somewhere", "crash-mid-write@0", "crash-mid-write@", "crash-mid-write@x", ""]) {
      expect(parseFailpoint(text)).toBeNull();
    }
  });
});
