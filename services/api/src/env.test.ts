import { describe, expect, it } from "vitest";
import { envSchema } from "./env.ts";

const base = { DATABASE_URL: "postgres://postgres@127.0.0.1:5432/hr" };

describe("API_CORS_ORIGINS", () => {
  it("allows no origin when unset or empty", () => {
    expect(envSchema.parse(base).API_CORS_ORIGINS).toEqual([]);
    expect(envSchema.parse({ ...base, API_CORS_ORIGINS: "" }).API_CORS_ORIGINS).toEqual([]);
  });
  it("reads a comma-separated list of origins", () => {
    expect(
      envSchema.parse({ ...base, API_CORS_ORIGINS: "https://intranet.example.org, http://localhost:3000" })
        .API_CORS_ORIGINS,
    ).toEqual(["https://intranet.example.org", "http://localhost:3000"]);
  });
  it("refuses what is not an origin (a path, a trailing slash, a bare host)", () => {
    for (const value of ["https://a.example/path", "https://a.example/", "a.example", "*"])
      expect(envSchema.safeParse({ ...base, API_CORS_ORIGINS: value }).success, value).toBe(false);
  });
});
