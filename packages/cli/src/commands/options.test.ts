import { Command } from "commander";
import { describe, expect, it } from "vitest";
import { addDataDirEverywhere, wholeNumber, wholeNumberIn } from "./options.ts";

describe("option parsers", () => {
  it("take whole numbers only, so `demo --seed abc` fails before anything starts", () => {
    expect(wholeNumber("42")).toBe(42);
    expect(wholeNumber("-3")).toBe(-3);
    for (const bad of ["abc", "", "1.5", "1e400"]) expect(() => wholeNumber(bad)).toThrow(/expected a whole number/);
    expect(() => wholeNumberIn(12, 104)("11")).toThrow("expected 12..104, got '11'");
  });
});

describe("addDataDirEverywhere", () => {
  it("gives every command that runs something --data-dir, and no parent of subcommands", () => {
    const program = new Command("hr-radar");
    program.command("orgs");
    const token = program.command("token");
    token.command("create");
    token.command("list");
    addDataDirEverywhere(program);
    const has = (c: Command) => c.options.some((o) => o.long === "--data-dir");
    expect(program.commands.map((c) => [c.name(), has(c)])).toEqual([
      ["orgs", true],
      ["token", false],
    ]);
    expect(token.commands.every(has)).toBe(true);
  });
});
