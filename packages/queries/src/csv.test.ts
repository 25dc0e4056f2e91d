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
  it("neutralises formulas that start like a negative number, and tab or CR starts", () => {
    // Regression (issue 12): the negative-number exemption let this DDE payload through.
    const payload = "-1+1+cmd|' /C calc'!A0";
    expect(toCsv([{ a: payload, b: "-2-3", c: "\tx", d: "\r=1", e: "@SUM(A1)", f: "+1" }])).toBe(
      `a,b,c,d,e,f\r\n'${payload},'-2-3,'\tx,"'\r=1",'@SUM(A1),'+1\r\n`,
    );
    expect(toCsv([{ n: -3, m: "-12.25", z: 0 }])).toBe("n,m,z\r\n-3,-12.25,0\r\n");
  });
  it("uses the given columns for the header, even with no rows", () => {
    expect(toCsv([], ["period", "headcount"])).toBe("period,headcount\r\n");
  });
});
