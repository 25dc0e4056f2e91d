import { z } from "@hono/zod-openapi";
import { describe, expect, it } from "vitest";
import { ApiProblem, PROBLEMS, problemType, validationProblem } from "./problems.ts";

describe("validationProblem", () => {
  it("lists every issue with where it was, the first one in the detail", () => {
    const result = z
      .strictObject({ from: z.string().regex(/^\d{4}$/, "four digits"), by: z.string() })
      .safeParse({ from: "x", by: 1, grian: "week" });
    const problem = validationProblem("query", result.error!.issues);
    expect(problem.code).toBe("bad-request");
    expect(problem.message).toBe("from: four digits");
    expect(problem.errors).toEqual([
      { in: "query", name: "from", detail: "four digits" },
      { in: "query", name: "by", detail: expect.any(String) },
      { in: "query", name: "grian", detail: "unknown parameter" },
    ]);
  });
  it("points into a body with a JSON pointer", () => {
    const result = z.object({ who: z.object({ name: z.string() }) }).safeParse({ who: {} });
    expect(validationProblem("body", result.error!.issues).errors).toEqual([
      { in: "body", name: "who.name", pointer: "#/who/name", detail: expect.any(String) },
    ]);
  });
});

describe("problem types", () => {
  it("give every kind one status and a type URI ending in its code", () => {
    const statuses = Object.values(PROBLEMS).map((p) => p.status);
    expect(new Set(statuses).size).toBe(statuses.length);
    expect(problemType("method-not-allowed")).toBe("/problems/method-not-allowed");
    expect(new ApiProblem("conflict", "x", { headers: { allow: "GET" } }).headers).toEqual({ allow: "GET" });
  });
});
