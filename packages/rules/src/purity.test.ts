import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// The rules must be replayable from their inputs: no I/O, no clock, no randomness.
// This guards the engine's own source (tests and test builders excepted).

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "testing" ? [] : sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

const FORBIDDEN: readonly [string, RegExp][] = [
  ["a Node built-in import", /from\s+["']node:/],
  ["process state", /\bprocess\./],
  ["the clock", /Date\.now\(|new Date\(\s*\)|performance\.now\(/],
  ["randomness", /Math\.random\(|crypto\./],
  ["network", /\bfetch\(/],
];

describe("the rules engine is pure", () => {
  const files = sourceFiles(new URL(".", import.meta.url).pathname);

  it("has source files to check", () => {
    expect(files.length).toBeGreaterThan(10);
  });

  it.each(FORBIDDEN)("uses no %s", (_what, pattern) => {
    const offenders = files.filter((file) => pattern.test(readFileSync(file, "utf8")));
    expect(offenders).toEqual([]);
  });
});
