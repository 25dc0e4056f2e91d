import { describe, expect, it } from "vitest";
import { toCsv } from "./csv.ts";

describe("toCsv", () => {
  it("quotes what needs quoting and leaves the rest bare", () => {
    expect(toCsv([{ a: "x,y", b: 'say "hi"', c: 3, d: null }])).toBe('a,b,c,d\r\n"x,y","say ""hi""",3,\r\n');
  });
  it("writes objects as JSON and neutralises spreadsheet formulas, not negative numbers", () => {
    expect(toCsv([{ e: { fte: 0.9 }, f: "=HYPERLINK(1)", g: "-0.5", h: -2 }])).toBe(
      'e,f,g,h\r\n"{""fte"":0.9}",\'=HYPERLINK(1),-0.5,-2\r\n',
    );
  });
  it("uses the given columns for the header, even with no rows", () => {
    expect(toCsv([], ["period", "headcount"])).toBe("period,headcount\r\n");
  });
});
